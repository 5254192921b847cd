// The real Claude Code CLI driven by a scripted model on loopback (see shared/spec/testing-the-agent.md):
// the agent reads and edits the broken file through its own tools, and the runner detects the change
// and records the CLI's real turns, tokens and cost. Skipped unless CFO_REAL_CLAUDE=/path/to/claude
// (e.g. after `npm i @anthropic-ai/claude-code@2.1.328` in a temp folder; not a project dependency).

import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startMessagesServer, textReply, toolUseReply, type MessagesServer } from "../helpers/messages-server.ts";
import { repoRoot } from "../helpers/run.ts";
import { brokenWorkspace, githubEnvironment, readOutputs, runActionStep, type Workspace } from "./github-env.ts";

// Opt-in by path: a `claude` found on PATH may be a developer's own install of another version.
const realClaude = process.env.CFO_REAL_CLAUDE;
let workspace: Workspace | undefined;
let server: MessagesServer | undefined;
afterEach(() => {
  workspace?.cleanup();
  server?.stop();
});

test.skipIf(!realClaude)("the real Claude Code CLI fixes the type error through Read and Edit on a scripted model", async () => {
  workspace = await brokenWorkspace("type-error");
  const edit = workspace.variant.edits[0]!;
  const file = join(workspace.project, edit.path);
  server = startMessagesServer({
    replies: [
      toolUseReply("Read", { file_path: file }),
      toolUseReply("Edit", { file_path: file, old_string: edit.replace, new_string: edit.search }),
      textReply("Passed the Money object instead of its amount."),
    ],
  });
  const home = join(workspace.dir, "home");
  const env: Record<string, string> = { ...githubEnvironment(workspace), ANTHROPIC_BASE_URL: server.baseURL, HOME: home, CFO__runner__claudePath: realClaude! };
  const run = await runActionStep({ "anthropic-api-key": "test-key", "error-log": workspace.logPath, "cache-dir": workspace.cache, "max-turns": "5" }, env, workspace.project);
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);

  expect(readFileSync(file, "utf8")).toBe(readFileSync(join(repoRoot, "examples/sample-project", edit.path), "utf8"));
  const outputs = readOutputs(env.GITHUB_OUTPUT!);
  expect(outputs["fix-outcome"]).toBe("fixed");
  const metrics = JSON.parse(outputs["metrics-summary"]!);
  expect(metrics["ai.turns"]).toBeGreaterThanOrEqual(2);
  expect(metrics["ai.input_tokens"]).toBeGreaterThan(0);
  expect(metrics["ai.changed_files"]).toBe(1);
  // The CLI marks its prompts for caching; from the second turn on it reads the prefix back.
  expect(metrics["ai.cache_read_tokens"]).toBeGreaterThan(0);
  expect(metrics["ai.cost_usd"]).toBeGreaterThan(0);

  // The agent got our prompt and its tools; the model requests streamed.
  const requests = server.messageRequests();
  expect(requests.length).toBe(3);
  expect(requests.every((request) => request.stream === true)).toBe(true);
  expect(JSON.stringify(requests[0]!.messages)).toContain("TS2345");
  expect((requests[0]!.tools as { name: string }[]).map((tool) => tool.name)).toEqual(expect.arrayContaining(["Read", "Edit"]));
}, 120_000);
