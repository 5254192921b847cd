// The fix loop end to end through the action's own run step, in a GitHub-like environment, on a
// git copy of the sample project broken by an example variant, with a stand-in Claude Code on PATH.

import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { keyMetrics } from "../../scripts/feedback_optimizer.ts";
import { startMessagesServer, type MessagesServer } from "../helpers/messages-server.ts";
import { repoRoot } from "../helpers/run.ts";
import { brokenWorkspace, githubEnvironment, readOutputs, runActionStep, RUNNER_REPOSITORY, type Workspace } from "./github-env.ts";

const SEED_OUTPUTS = ["metrics-summary", "feedback-id", "retry-recommended", "retry-delay-seconds", "error-category", "context-tokens", "fix-outcome"];
let workspace: Workspace | undefined;
// With a key, context_manager counts the pack's tokens exactly (count_tokens): answered on loopback.
let server: MessagesServer | undefined;
afterEach(() => {
  workspace?.cleanup();
  server?.stop();
});

function withApi(env: Record<string, string>): Record<string, string> {
  server = startMessagesServer();
  return { ...env, ANTHROPIC_BASE_URL: server.baseURL };
}

async function attemptsRecorded(ws: Workspace): Promise<number> {
  const loaded = await loadConfig({ projectRoot: ws.project, env: { CFO_CACHE_DIR: ws.cache, GITHUB_REPOSITORY: RUNNER_REPOSITORY } });
  return (await keyMetrics(loaded, { days: 1 })).attempts;
}

describe("agent mode (stand-in Claude Code)", () => {
  test("a deterministic failure goes to Claude; its edit, figures and the attempt are recorded and output", async () => {
    workspace = await brokenWorkspace("type-error");
    const env = withApi(githubEnvironment(workspace));
    const edit = workspace.variant.edits[0]!;
    const record = join(workspace.dir, "claude-record.json");
    const run = await runActionStep(
      { task: "Fix the failing type check", "anthropic-api-key": "test-key", "error-log": workspace.logPath, "cache-dir": workspace.cache, "max-turns": "7", model: "claude-test-model" },
      { ...env, GH_TOKEN: "ghs_secret", FAKE_CLAUDE_RECORD: record, FAKE_CLAUDE_FIX: JSON.stringify({ path: edit.path, search: edit.replace, replace: edit.search }) },
      workspace.project,
    );
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);

    const outputs = readOutputs(env.GITHUB_OUTPUT!);
    expect(Object.keys(outputs).sort()).toEqual([...SEED_OUTPUTS].sort());
    expect(outputs["fix-outcome"]).toBe("fixed");
    expect(outputs["error-category"]).toBe(workspace.variant.expected.category);
    expect(outputs["retry-recommended"]).toBe("false");
    expect(outputs["retry-delay-seconds"]).toBe("0");
    expect(Number(outputs["context-tokens"])).toBeGreaterThan(100);
    expect(outputs["feedback-id"]).not.toBe("");
    const metrics = JSON.parse(outputs["metrics-summary"]!);
    expect(metrics).toMatchObject({ "ai.turns": 3, "ai.cost_usd": 0.0421, "ai.duration_ms": 4210, "ai.input_tokens": 1200, "ai.output_tokens": 450, "ai.cache_read_tokens": 9000, "ai.cache_creation_tokens": 3000, "ai.changed_files": 1 });
    expect(metrics["ai.cache_hit_rate"]).toBeCloseTo(9000 / 13200, 5);

    // The stand-in really fixed the file, and was called the documented way with the prompt on stdin.
    expect(readFileSync(join(workspace.project, edit.path), "utf8")).toBe(readFileSync(join(repoRoot, "examples/sample-project", edit.path), "utf8"));
    const seen = JSON.parse(readFileSync(record, "utf8"));
    expect(seen.argv.slice(0, 7)).toEqual(["-p", "--output-format", "json", "--max-turns", "7", "--model", "claude-test-model"]);
    expect(seen.env).toEqual({ CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "true", BASH_DEFAULT_TIMEOUT_MS: "300000", ANTHROPIC_API_KEY_SET: true });
    expect(seen.leaked).toEqual([]);
    expect(seen.prompt).toContain("Fix the failing type check");
    expect(seen.prompt).toContain("TS2345");
    expect(seen.prompt).toContain("src/invoice.ts");

    expect(run.stdout).toContain("changed files: src/invoice.ts");
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY!, "utf8");
    expect(summary).toContain("cfo fix loop: fixed");
    expect(summary).toContain("`src/invoice.ts`");
    expect(await attemptsRecorded(workspace)).toBe(1);
    // With a key present the pack's tokens were counted by the API (context_manager's counter).
    expect(server!.requests.some((request) => request.path === "/v1/messages/count_tokens")).toBe(true);
  }, 30_000);

  test("Claude Code reporting an error fails the step but every output and the attempt are still written", async () => {
    workspace = await brokenWorkspace("test-failure");
    const env = withApi(githubEnvironment(workspace));
    const run = await runActionStep(
      { "anthropic-api-key": "test-key", "error-log": workspace.logPath, "cache-dir": workspace.cache },
      { ...env, FAKE_CLAUDE_SUBTYPE: "error_max_turns" },
      workspace.project,
    );
    expect(run.exitCode).toBe(1);
    const outputs = readOutputs(env.GITHUB_OUTPUT!);
    expect(Object.keys(outputs).sort()).toEqual([...SEED_OUTPUTS].sort());
    expect(outputs["fix-outcome"]).toBe("failed");
    expect(outputs["feedback-id"]).not.toBe("");
    expect(await attemptsRecorded(workspace)).toBe(1);
  }, 30_000);

  test("a step that breaks (Claude Code missing) ends as outcome error with what was known recorded", async () => {
    workspace = await brokenWorkspace("type-error");
    const env = withApi(githubEnvironment(workspace));
    const run = await runActionStep(
      { "anthropic-api-key": "test-key", "error-log": workspace.logPath, "cache-dir": workspace.cache },
      { ...env, CFO__runner__claudePath: join(workspace.dir, "no-such-claude") },
      workspace.project,
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("Claude Code not found");
    const outputs = readOutputs(env.GITHUB_OUTPUT!);
    expect(outputs["fix-outcome"]).toBe("error");
    expect(outputs["error-category"]).toBe("syntax");
    expect(Number(outputs["context-tokens"])).toBeGreaterThan(0);
    expect(outputs["feedback-id"]).not.toBe("");
  }, 30_000);
});

describe("retry advice and dry run", () => {
  test("a retryable failure recommends a delayed re-run and does not call Claude", async () => {
    workspace = await brokenWorkspace("network");
    const env = githubEnvironment(workspace);
    const record = join(workspace.dir, "claude-record.json");
    const run = await runActionStep({ "anthropic-api-key": "test-key", "error-log": workspace.logPath, "cache-dir": workspace.cache }, { ...env, FAKE_CLAUDE_RECORD: record }, workspace.project);
    expect(run.exitCode).toBe(0);
    const outputs = readOutputs(env.GITHUB_OUTPUT!);
    expect(outputs["fix-outcome"]).toBe("retry");
    expect(outputs["retry-recommended"]).toBe("true");
    expect(Number(outputs["retry-delay-seconds"])).toBeGreaterThan(0);
    expect(outputs["error-category"]).toBe("network");
    expect(outputs["feedback-id"]).not.toBe("");
    expect(existsSync(record)).toBe(false);
    expect(run.stdout).toContain("Claude was not called: a plain re-run is recommended");
  }, 30_000);

  test("without an API key everything up to the Claude call runs and the prompt is written", async () => {
    workspace = await brokenWorkspace("type-error");
    const env = githubEnvironment(workspace);
    const record = join(workspace.dir, "claude-record.json");
    const run = await runActionStep({ task: "Fix it", "error-log": workspace.logPath, "cache-dir": workspace.cache }, { ...env, FAKE_CLAUDE_RECORD: record }, workspace.project);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Claude was not called: dry run, ANTHROPIC_API_KEY is not set");
    expect(existsSync(record)).toBe(false);
    const outputs = readOutputs(env.GITHUB_OUTPUT!);
    expect(outputs["fix-outcome"]).toBe("dry-run");
    expect(outputs["feedback-id"]).toBe("");
    const promptFile = /^prompt: (\S+)/m.exec(run.stdout)?.[1];
    expect(promptFile).toBeDefined();
    const prompt = readFileSync(promptFile!, "utf8");
    expect(prompt).toContain("## Task\nFix it");
    expect(prompt).toContain("Argument of type 'number' is not assignable to parameter of type 'Money'");
    expect(prompt.includes('<item path="src/invoice.ts"')).toBe(true);
  }, 30_000);
});
