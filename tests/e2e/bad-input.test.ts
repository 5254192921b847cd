// Bad input to the scripts other than error_parser's --log: a missing project root, a directory or
// a broken file where a log or an analysis is expected. Each is exit 2 with one line naming the
// path and what to do, never an internal error.

import { afterAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeGitRepo, repoRoot, runScript, tempDir } from "../helpers/run.ts";

const project = makeGitRepo({ "src/a.ts": "export const a = 1;\n" });
const work = tempDir("cfo-e2e-bad-input-");
afterAll(() => {
  project.cleanup();
  work.cleanup();
});
const env = { CFO_CACHE_DIR: join(work.path, "cache"), ANTHROPIC_API_KEY: undefined };
const typeErrorLog = join(repoRoot, "examples/logs/type-error.log");
const aDirectory = join(work.path, "logs-folder");
mkdirSync(aDirectory);

async function expectUsageError(script: string, args: string[], names: string): Promise<string> {
  const run = await runScript(script, args, { cwd: work.path, env });
  const lines = run.stderr.trim().split("\n");
  expect({ exitCode: run.exitCode, stderr: run.stderr.trim() }).toMatchObject({ exitCode: 2 });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(names);
  expect(lines[0]).not.toContain("internal error");
  return lines[0]!;
}

const missingRoot = join(work.path, "no-such-project");
const onMissingRoot: [string, string[]][] = [
  ["error_parser", ["--log", typeErrorLog]],
  ["context_manager", ["--task", "fix a"]],
  ["metrics_collector", ["--report"]],
  ["feedback_optimizer", ["--report"]],
  ["claude_code_runner", ["--error-log", typeErrorLog, "--mode", "dry-run", "--out", join(work.path, "out")]],
];
for (const [script, args] of onMissingRoot) {
  test(`${script} with a --project-root that does not exist`, async () => {
    await expectUsageError(script, ["--project-root", missingRoot, ...args], missingRoot);
  });
}

test("context_manager --error-log naming a directory", async () => {
  await expectUsageError("context_manager", ["--project-root", project.path, "--error-log", aDirectory], aDirectory);
});

test("claude_code_runner --error-log naming a directory names the flag the user gave", async () => {
  const line = await expectUsageError("claude_code_runner", ["--project-root", project.path, "--error-log", aDirectory, "--mode", "dry-run"], aDirectory);
  expect(line).toContain("--error-log");
});

test("context_manager --analysis FILE relative to the current folder, existing but not JSON, says so", async () => {
  writeFileSync(join(work.path, "analysis.json"), '{"summary": ');
  // A path on the command line is relative to where the user is, not to --project-root.
  const line = await expectUsageError("context_manager", ["--project-root", project.path, "--analysis", "analysis.json"], "analysis.json");
  expect(line).not.toContain("not found");
});

test("a negative --retry-count is named plainly", async () => {
  const line = await expectUsageError("error_parser", ["--log", typeErrorLog, "--retry-count", "-1"], "--retry-count");
  expect(line).not.toContain("ambiguous");
});
