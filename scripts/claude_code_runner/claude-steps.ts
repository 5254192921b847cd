// The two ways the loop calls Claude: the headless agent (which edits the working tree, so the
// changed files are detected around it) and one Messages API call (--mode analyze).

import Anthropic from "@anthropic-ai/sdk";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadedConfig } from "../lib/config/load.ts";
import { CfoError } from "../lib/errors.ts";
import { analyzeWithMessages } from "./analyze-mode.ts";
import { changedFiles, snapshotWorkingTree } from "./changed-files.ts";
import { runClaudeCode } from "./claude-cli.ts";
import type { ComposedPrompt } from "./prompt.ts";
import type { RunReport, RunRequest } from "./report.ts";

type ClaudeStep = Pick<RunReport, "claude" | "changedFiles" | "outcome">;

export async function runAgent(loaded: LoadedConfig, request: RunRequest, prompt: ComposedPrompt): Promise<ClaudeStep> {
  const root = loaded.projectRoot;
  const ignored = [loaded.cacheRoot, request.runDir];
  const before = snapshotWorkingTree(root, ignored);
  const run = await runClaudeCode({ prompt: prompt.full, cwd: root, model: request.model, maxTurns: request.maxTurns, settings: loaded.config.runner });
  const after = before ? snapshotWorkingTree(root, ignored) : null;
  const changed = before && after ? changedFiles(before, after) : [];
  if (!run.result) {
    throw new CfoError(`Claude Code exited with code ${run.exitCode} without a result${run.stderrTail ? `: ${run.stderrTail}` : ""}`, undefined, undefined, 1);
  }
  const resultFile = join(request.runDir, "claude-result.md");
  writeFileSync(resultFile, `${run.result.result}\n`);
  const { result } = run;
  return {
    claude: {
      via: "claude-code",
      subtype: result.subtype,
      isError: result.isError,
      turns: result.turns,
      costUsd: result.costUsd,
      durationMs: result.durationMs,
      sessionId: result.sessionId,
      usage: result.usage,
      result: result.result,
      resultFile,
      patchFile: null,
    },
    changedFiles: changed,
    outcome: result.isError ? "failed" : changed.length ? "fixed" : "no-changes",
  };
}

export async function runAnalyze(loaded: LoadedConfig, request: RunRequest, prompt: ComposedPrompt): Promise<ClaudeStep> {
  // The SDK reads ANTHROPIC_BASE_URL itself, so a proxy or a loopback test server just works.
  const client = new Anthropic({ apiKey: request.apiKey });
  const reply = await analyzeWithMessages(client, prompt, request.model, loaded.config.runner.analyzeMaxTokens);
  const resultFile = join(request.runDir, "analysis.md");
  writeFileSync(resultFile, `${reply.explanation}\n`);
  const patchFile = reply.patch ? join(request.runDir, "proposed.patch") : null;
  if (patchFile) writeFileSync(patchFile, reply.patch!);
  return {
    claude: {
      via: "messages-api",
      subtype: reply.stopReason ?? "unknown",
      isError: false,
      turns: 1,
      costUsd: null,
      durationMs: reply.durationMs,
      sessionId: null,
      usage: reply.usage,
      result: reply.explanation,
      resultFile,
      patchFile,
    },
    changedFiles: [],
    outcome: "explained",
  };
}
