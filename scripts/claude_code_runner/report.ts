// What one run of the loop asked for and what it found: the request, the report (the --json object,
// schemas/output/claude_code_runner.schema.json), and how the report becomes a feedback attempt,
// metric gauges and the action's outputs.

import type { ContextPack } from "../context_manager.ts";
import type { ErrorAnalysis } from "../error_parser.ts";
import type { FixAttemptRecord } from "../feedback_optimizer.ts";
import type { ClaudeUsage } from "./claude-cli.ts";

export type RunMode = "agent" | "analyze" | "dry-run";

export interface RunRequest {
  task: string;
  /** A log file, "-" for stdin, or null when the task is not about a failed run. */
  errorLog: string | null;
  retryCount: number;
  workflowId: string;
  runId: string;
  maxContextItems: number;
  maxContextTokens: number;
  model: string;
  maxTurns: number;
  enableMetrics: boolean;
  enableFeedback: boolean;
  mode: RunMode;
  /** Call Claude even when a plain re-run is recommended. */
  force: boolean;
  apiKey: string | undefined;
  /** Where the prompt, Claude's result and any patch are written. */
  runDir: string;
  /** The branch a fix goes to (the fix branch's CI run closes the attempt). */
  branch?: string;
  /** The failed commit. */
  commit?: string;
  job?: string;
}

/**
 * retry: a re-run is recommended, Claude was not called; no-errors: the log shows nothing to fix;
 * dry-run: everything but the Claude call; fixed: the agent changed files (CI has yet to confirm);
 * no-changes: the agent finished without changing anything; failed: Claude reported an error;
 * explained: --mode analyze answered; error: a step of the loop failed.
 */
export type FixOutcome = "retry" | "no-errors" | "dry-run" | "fixed" | "no-changes" | "failed" | "explained" | "error";

export interface ClaudeReport {
  via: "claude-code" | "messages-api";
  subtype: string;
  isError: boolean;
  turns: number;
  costUsd: number | null;
  durationMs: number;
  sessionId: string | null;
  usage: ClaudeUsage;
  /** The agent's final message or the analysis text (also written to the run folder). */
  result: string;
  resultFile: string;
  patchFile: string | null;
}

export interface RunReport {
  mode: RunMode;
  claudeCalled: boolean;
  outcome: FixOutcome;
  analysis: ErrorAnalysis | null;
  context: ContextPack | null;
  prompt: { file: string; chars: number } | null;
  claude: ClaudeReport | null;
  changedFiles: string[];
  feedbackId: string | null;
  /** The gauges recorded as metrics (names carry their unit). */
  metrics: Record<string, number>;
  timersMs: Record<string, number>;
  runDir: string;
  problems: string[];
}

/** The feedback attempt for this run, or null when nothing was attempted. */
export function attemptRecord(request: RunRequest, report: RunReport): FixAttemptRecord | null {
  const strategy = report.outcome === "retry" ? "retry" : report.claudeCalled ? "ai_fix" : null;
  if (!strategy) return null;
  const primary = report.analysis?.summary.primaryError;
  const primaryError = primary === null || primary === undefined ? undefined : report.analysis?.errors[primary];
  const claude = report.claude;
  return {
    workflowId: request.workflowId,
    runId: request.runId,
    attempt: request.retryCount + 1,
    strategy,
    // A retry or a fix is only confirmed by the next CI run; an agent that changed nothing has failed.
    outcome: report.outcome === "retry" || report.outcome === "fixed" || report.outcome === "explained" ? "pending" : report.outcome === "error" ? "abandoned" : "failed",
    ...(primaryError ? { fingerprint: primaryError.fingerprint } : {}),
    ...(report.analysis ? { category: report.analysis.summary.category } : {}),
    ...(claude
      ? {
          durationMs: claude.durationMs,
          turns: claude.turns,
          inputTokens: claude.usage.inputTokens + claude.usage.cacheReadTokens + claude.usage.cacheCreationTokens,
          outputTokens: claude.usage.outputTokens,
          cacheReadTokens: claude.usage.cacheReadTokens,
          ...(claude.costUsd === null ? {} : { costUsd: claude.costUsd }),
        }
      : {}),
    changedFiles: report.changedFiles,
    contextFiles: report.context?.items.map((item) => item.path) ?? [],
    // A fix's commit does not exist yet: without one, the fix branch's next CI run closes the attempt.
    ...(request.commit && strategy === "retry" ? { commit: request.commit } : {}),
    ...(request.branch ? { branch: request.branch } : {}),
    ...(request.job ? { job: request.job } : {}),
  };
}

/** The AI-step figures metrics_collector stores for the run (contract names). */
export function runGauges(report: RunReport): Record<string, number> {
  const gauges: Record<string, number> = {};
  if (report.analysis) gauges["errors.count"] = report.analysis.summary.errorCount;
  if (report.context) {
    gauges["context.tokens"] = report.context.totalTokens;
    gauges["context.items"] = report.context.items.length;
    if (report.context.cache.hitRate !== null) gauges["context.cache_hit_rate"] = report.context.cache.hitRate;
  }
  const claude = report.claude;
  if (claude) {
    const { inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens } = claude.usage;
    gauges["ai.duration_ms"] = claude.durationMs;
    gauges["ai.turns"] = claude.turns;
    gauges["ai.input_tokens"] = inputTokens;
    gauges["ai.output_tokens"] = outputTokens;
    gauges["ai.cache_read_tokens"] = cacheReadTokens;
    gauges["ai.cache_creation_tokens"] = cacheCreationTokens;
    const prompted = inputTokens + cacheReadTokens + cacheCreationTokens;
    if (prompted > 0) gauges["ai.cache_hit_rate"] = cacheReadTokens / prompted;
    if (claude.costUsd !== null) gauges["ai.cost_usd"] = claude.costUsd;
    gauges["ai.changed_files"] = report.changedFiles.length;
  }
  return gauges;
}

/** The action's outputs (seed names first). */
export function actionOutputs(report: RunReport): Record<string, string> {
  const retry = report.analysis?.retry;
  return {
    "metrics-summary": JSON.stringify({ ...report.metrics, ...Object.fromEntries(Object.entries(report.timersMs).map(([name, ms]) => [`${name}.duration_ms`, ms])) }),
    "feedback-id": report.feedbackId ?? "",
    "retry-recommended": String(retry?.recommended ?? false),
    "retry-delay-seconds": String(retry?.recommended ? retry.delaySeconds : 0),
    "error-category": report.analysis?.summary.category ?? "",
    "context-tokens": String(report.context?.totalTokens ?? 0),
    "fix-outcome": report.outcome,
  };
}
