// Runs Claude Code headless (`claude -p --output-format json`) on the composed prompt and reads the
// CLI's JSON result: outcome, turns, cost, tokens (with prompt-cache reads and writes), duration.

import { $ } from "zx";
import { CfoError } from "../lib/errors.ts";
import type { RunnerConfig } from "./config.ts";

export interface ClaudeUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

export interface ClaudeRunResult {
  /** "success", "error_max_turns", "error_during_execution", ... as the CLI reports it. */
  subtype: string;
  isError: boolean;
  turns: number;
  costUsd: number;
  durationMs: number;
  sessionId: string | null;
  /** The agent's final message. */
  result: string;
  usage: ClaudeUsage;
  permissionDenials: number;
}

export interface ClaudeInvocation {
  prompt: string;
  cwd: string;
  model: string;
  maxTurns: number;
  settings: Pick<RunnerConfig, "claudePath" | "allowedTools" | "bashTimeoutMs" | "agentTimeoutMs">;
  env?: NodeJS.ProcessEnv;
}

export interface ClaudeProcessOutcome {
  exitCode: number | null;
  result: ClaudeRunResult | null;
  /** Last lines of stderr, for the error message when there is no result. */
  stderrTail: string;
}

/** The argument list after the executable; the prompt goes on stdin (it can exceed the argv limit). */
export function claudeArguments(invocation: Pick<ClaudeInvocation, "model" | "maxTurns" | "settings">): string[] {
  const args = ["-p", "--output-format", "json", "--max-turns", String(invocation.maxTurns), "--model", invocation.model];
  if (invocation.settings.allowedTools.length) args.push("--allowedTools", invocation.settings.allowedTools.join(","));
  return args;
}

/** GitHub's file commands: writing them from the agent would change later steps of the job. */
const WORKFLOW_FILES = ["GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT", "GITHUB_STATE", "GITHUB_STEP_SUMMARY"];
const CREDENTIAL = /(^|_)(TOKEN|SECRET|PASSWORD|CREDENTIALS?|KEY)($|_)/i;
/** How Claude Code reaches the model: the Anthropic API, Amazon Bedrock or Google Vertex. */
const MODEL_ACCESS = /^(ANTHROPIC|CLAUDE|AWS|GOOGLE|CLOUD_ML|VERTEX)_/;

/**
 * The agent's environment: the caller's, less the workflow file commands and any credential but
 * those that reach the model, since a log can carry instructions the agent might follow.
 */
export function agentEnvironment(env: NodeJS.ProcessEnv, bashTimeoutMs: number): NodeJS.ProcessEnv {
  const kept = Object.entries(env).filter(([name]) => !WORKFLOW_FILES.includes(name) && (MODEL_ACCESS.test(name) || !CREDENTIAL.test(name)));
  return { ...Object.fromEntries(kept), CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "true", BASH_DEFAULT_TIMEOUT_MS: String(bashTimeoutMs) };
}

export async function runClaudeCode(invocation: ClaudeInvocation): Promise<ClaudeProcessOutcome> {
  const env = agentEnvironment(invocation.env ?? process.env, invocation.settings.bashTimeoutMs);
  const shell = $({ cwd: invocation.cwd, env, input: invocation.prompt, nothrow: true, quiet: true, verbose: false, timeout: invocation.settings.agentTimeoutMs });
  const output = await shell`${invocation.settings.claudePath} ${claudeArguments(invocation)}`;
  const stderrTail = output.stderr.trim().split("\n").slice(-5).join("\n");
  if (output.exitCode === 127) {
    throw new CfoError(`Claude Code not found: "${invocation.settings.claudePath}" (install @anthropic-ai/claude-code or set runner.claudePath)`);
  }
  let result: ClaudeRunResult | null = null;
  try {
    result = parseClaudeResult(output.stdout);
  } catch {
    result = null;
  }
  return { exitCode: output.exitCode, result, stderrTail };
}

/** Reads the CLI's result object: the whole stdout, or its last line that is a `type: "result"` object. */
export function parseClaudeResult(stdout: string): ClaudeRunResult {
  const candidates = [stdout, ...stdout.trim().split("\n").reverse()];
  for (const candidate of candidates) {
    const parsed = parseObject(candidate);
    if (parsed && (parsed.type === "result" || "subtype" in parsed)) return toRunResult(parsed);
  }
  throw new CfoError(`Claude Code printed no JSON result (${stdout.trim() ? `stdout starts "${stdout.trim().slice(0, 80)}"` : "empty stdout"})`);
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toRunResult(raw: Record<string, unknown>): ClaudeRunResult {
  const usage = (typeof raw.usage === "object" && raw.usage !== null ? raw.usage : {}) as Record<string, unknown>;
  const subtype = typeof raw.subtype === "string" ? raw.subtype : "unknown";
  return {
    subtype,
    isError: raw.is_error === true || subtype !== "success",
    turns: numberOr(raw.num_turns),
    costUsd: numberOr(raw.total_cost_usd ?? raw.cost_usd),
    durationMs: numberOr(raw.duration_ms),
    sessionId: typeof raw.session_id === "string" ? raw.session_id : null,
    result: typeof raw.result === "string" ? raw.result : "",
    usage: {
      inputTokens: numberOr(usage.input_tokens),
      outputTokens: numberOr(usage.output_tokens),
      cacheReadTokens: numberOr(usage.cache_read_input_tokens),
      cacheCreationTokens: numberOr(usage.cache_creation_input_tokens),
    },
    permissionDenials: Array.isArray(raw.permission_denials) ? raw.permission_denials.length : 0,
  };
}

function numberOr(value: unknown, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
