// The runner's parts on real inputs: the Claude Code JSON result, changed-file detection in a real
// git repository, the prompt's layout and the environment the agent gets.

import { afterEach, expect, test } from "bun:test";
import { appendFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { changedFiles, snapshotWorkingTree } from "../../scripts/claude_code_runner/changed-files.ts";
import { agentEnvironment, parseClaudeResult } from "../../scripts/claude_code_runner/claude-cli.ts";
import { composePrompt } from "../../scripts/claude_code_runner/prompt.ts";
import type { ErrorAnalysis } from "../../scripts/error_parser.ts";
import { makeGitRepo, tempDir } from "../helpers/run.ts";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

test("parses the CLI's documented result, also after other output lines", () => {
  const line = JSON.stringify({
    type: "result", subtype: "error_max_turns", is_error: true, duration_ms: 1500, num_turns: 10, result: "", session_id: "s-1", total_cost_usd: 0.5,
    usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 40 }, permission_denials: [{ tool_name: "Bash" }],
  });
  const result = parseClaudeResult(`some warning\n${line}\n`);
  expect(result).toEqual({
    subtype: "error_max_turns", isError: true, turns: 10, costUsd: 0.5, durationMs: 1500, sessionId: "s-1", result: "",
    usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 30, cacheCreationTokens: 40 }, permissionDenials: 1,
  });
  expect(() => parseClaudeResult("Error: not logged in\n")).toThrow(/no JSON result/);
});

test("changed files: edits, new and deleted files count; files dirty before and untouched do not", () => {
  const repo = makeGitRepo({ "a.ts": "a\n", "b.ts": "b\n", "c.ts": "c\n", "cache/x.db": "" });
  cleanups.push(repo.cleanup);
  appendFileSync(join(repo.path, "b.ts"), "dirty before\n");
  appendFileSync(join(repo.path, "c.ts"), "dirty before\n");
  const before = snapshotWorkingTree(repo.path, [join(repo.path, "cache")])!;
  appendFileSync(join(repo.path, "a.ts"), "edited\n");
  appendFileSync(join(repo.path, "b.ts"), "edited again\n");
  writeFileSync(join(repo.path, "new.ts"), "new\n");
  writeFileSync(join(repo.path, "cache/x.db"), "ignored");
  rmSync(join(repo.path, "c.ts"));
  const after = snapshotWorkingTree(repo.path, [join(repo.path, "cache")])!;
  expect(changedFiles(before, after)).toEqual(["a.ts", "b.ts", "c.ts", "new.ts"]);
});

test("outside a git work tree changed files are unknown, not empty", () => {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  expect(snapshotWorkingTree(dir.path)).toBeNull();
});

test("the prompt puts the rendered pack first (cacheable) and the run's findings after it", () => {
  const analysis = {
    summary: { category: "test", severity: "high", retryRecommended: false, errorCount: 2, primaryError: 1 },
    retry: { recommended: false, delaySeconds: 0, reason: "deterministic test failure", decidedBy: "category", learningScope: null, attempt: 1, maxAttempts: 3 },
    errors: [
      { category: "test", severity: "high", tool: "bun", message: "expected 165", file: "test/tax.test.ts", line: 8, column: 44, fingerprint: "f1", occurrences: 2, logLines: [3, 4], context: [], patternId: "p", retryable: false, recurring: null },
      { category: "test", severity: "high", tool: "bun", message: "2 fail", file: null, line: null, column: null, fingerprint: "f2", occurrences: 1, logLines: [9, 9], context: [], patternId: "p", retryable: false, recurring: null },
    ],
    log: { path: "ci.log", bytes: 10, lines: 10, sha256: "x" },
    cached: false,
    configHash: "h",
  } satisfies ErrorAnalysis;
  const prompt = composePrompt({ task: "Fix the tax tests", mode: "analyze", analysis, renderedContext: "<context_pack>files</context_pack>\n" });
  expect(prompt.stable).toBe("<context_pack>files</context_pack>\n");
  expect(prompt.full.indexOf("<context_pack>")).toBeLessThan(prompt.full.indexOf("## Task\nFix the tax tests"));
  expect(prompt.request).toContain("- test/tax.test.ts:8:44 [test, bun] expected 165 (2 times)");
  expect(prompt.request).toContain("- [test, bun] (primary) 2 fail");
  expect(prompt.request).toContain("Retry: not recommended (deterministic test failure)");
  expect(prompt.request).toContain("```diff");
});

test("the agent's environment keeps model access and drops other credentials and workflow files", () => {
  const env = agentEnvironment(
    { PATH: "/bin", ANTHROPIC_API_KEY: "a", AWS_SECRET_ACCESS_KEY: "b", GH_TOKEN: "c", NPM_TOKEN: "d", GITHUB_ENV: "/f", GITHUB_OUTPUT: "/g", DEPLOY_KEY: "e", HOME: "/h" },
    1000,
  );
  expect(env).toEqual({ PATH: "/bin", ANTHROPIC_API_KEY: "a", AWS_SECRET_ACCESS_KEY: "b", HOME: "/h", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "true", BASH_DEFAULT_TIMEOUT_MS: "1000" });
});
