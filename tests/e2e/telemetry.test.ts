// Telemetry never breaks the user's build: recording metrics or feedback into a cache that cannot
// be written (its root lies under a regular file) warns and exits 0, and fails only with --strict.

import { afterAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeGitRepo, runScript, tempDir } from "../helpers/run.ts";

const project = makeGitRepo({ "README.md": "# billing\n" });
const work = tempDir("cfo-e2e-telemetry-");
afterAll(() => {
  project.cleanup();
  work.cleanup();
});
const blocker = join(work.path, "not-a-directory");
writeFileSync(blocker, "a regular file where the cache root's parent should be\n");
const env = { CFO_CACHE_DIR: join(blocker, "cache"), GITHUB_RUN_ID: "9", GITHUB_WORKFLOW: "ci" };

const recordings: [string, string[]][] = [
  ["metrics_collector", ["--start", "--workflow-id", "ci", "--run-id", "9", "--parent-pid", String(process.pid)]],
  ["metrics_collector", ["--gauge", "ai.turns=3", "--workflow-id", "ci", "--run-id", "9"]],
  ["metrics_collector", ["--timer", "build", "--duration-ms", "840", "--workflow-id", "ci", "--run-id", "9"]],
  ["metrics_collector", ["--stop", "--outcome", "failure", "--workflow-id", "ci", "--run-id", "9"]],
  ["feedback_optimizer", ["--add-feedback", "Test failure in module X", "--type", "error", "--source", "automated_tests"]],
  ["feedback_optimizer", ["--record-attempt", "--workflow-id", "ci", "--run-id", "9", "--attempt", "1", "--strategy", "retry", "--outcome", "pending", "--category", "network"]],
];

for (const [script, args] of recordings) {
  test(`${script} ${args[0]}: warning and exit 0; --strict fails`, async () => {
    const lenient = await runScript(script, ["--project-root", project.path, ...args], { env });
    expect(`exit ${lenient.exitCode}: ${lenient.stderr}`).toStartWith("exit 0:");
    expect(lenient.stderr).toMatch(/warning/i);
    expect(lenient.stderr.trim().split("\n")).toHaveLength(1);
    const strict = await runScript(script, ["--project-root", project.path, ...args, "--strict"], { env });
    expect(strict.exitCode).not.toBe(0);
    expect(strict.stderr).toContain(blocker);
    expect(strict.stderr).not.toContain("    at ");
  }, 20_000);
}

test("in Actions the warning is a workflow warning, and no output claims success", async () => {
  const output = join(work.path, "github_output");
  writeFileSync(output, "");
  const run = await runScript("feedback_optimizer", ["--project-root", project.path, "--add-feedback", "x"], {
    env: { ...env, GITHUB_ACTIONS: "true", GITHUB_OUTPUT: output },
  });
  expect(run.exitCode).toBe(0);
  expect(`${run.stdout}${run.stderr}`).toMatch(/::warning::/);
});
