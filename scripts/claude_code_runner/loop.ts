// The fix loop, one failure from log to recorded outcome: analyze the log, decide retry or fix,
// build the context, compose the prompt, call Claude (agent, analyze or not at all), detect the
// changed files, and record the attempt (feedback) and its figures (metrics) even when a step fails:
// a failed step never throws out of here, it ends the report with outcome "error" and the problem.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadedConfig } from "../lib/config/load.ts";
import { CfoError } from "../lib/errors.ts";
import { analyzeLog, type ErrorAnalysis } from "../error_parser.ts";
import { AdvancedContextManager } from "../context_manager.ts";
import { openFeedbackLearning, recordAttempt } from "../feedback_optimizer.ts";
import { AdvancedMetricsCollector, recordRunMetrics } from "../metrics_collector.ts";
import { runAgent, runAnalyze } from "./claude-steps.ts";
import { composePrompt } from "./prompt.ts";
import { attemptRecord, runGauges, type RunReport, type RunRequest } from "./report.ts";

export type { RunReport, RunRequest } from "./report.ts";

export async function runFixLoop(loaded: LoadedConfig, request: RunRequest): Promise<RunReport> {
  const report: RunReport = {
    mode: request.mode,
    claudeCalled: false,
    outcome: "error",
    analysis: null,
    context: null,
    prompt: null,
    claude: null,
    changedFiles: [],
    feedbackId: null,
    metrics: {},
    timersMs: {},
    runDir: request.runDir,
    problems: [],
  };
  mkdirSync(request.runDir, { recursive: true });
  const collector = request.enableMetrics ? startTracking(loaded, request, report) : null;
  const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await step();
    } finally {
      report.timersMs[name] = Math.round(performance.now() - started);
    }
  };
  try {
    const analysis = request.errorLog ? await timed("analysis", () => analyze(loaded, request)) : null;
    report.analysis = analysis;
    const skip = skipReason(loaded, request, analysis);
    if (skip) {
      report.outcome = skip;
      return report;
    }
    const manager = new AdvancedContextManager(loaded.projectRoot, loaded);
    const built = await timed("context", () =>
      manager.build({
        maxItems: request.maxContextItems,
        maxTokens: request.maxContextTokens,
        includeCached: true,
        forceRefresh: false,
        task: request.task,
        ...(analysis ? { analysis } : {}),
        format: "xml",
      }),
    );
    report.context = built.pack;
    const promptMode = request.mode === "analyze" ? "analyze" : "agent";
    const prompt = composePrompt({ task: request.task, mode: promptMode, analysis, renderedContext: built.rendered });
    const promptFile = join(request.runDir, "prompt.md");
    writeFileSync(promptFile, prompt.full);
    report.prompt = { file: promptFile, chars: prompt.full.length };
    if (request.mode === "dry-run" || !request.apiKey) {
      report.outcome = "dry-run";
      return report;
    }
    report.claudeCalled = true;
    const called = await timed("claude", () => (request.mode === "analyze" ? runAnalyze(loaded, request, prompt) : runAgent(loaded, request, prompt)));
    Object.assign(report, called);
    return report;
  } catch (error) {
    // The report says what failed; the caller exits non-zero after publishing what is known.
    report.outcome = "error";
    report.problems.push(error instanceof CfoError ? error.toLine() : error instanceof Error ? error.message : String(error));
    return report;
  } finally {
    await recordWhatIsKnown(loaded, request, report);
    if (collector) await stopTracking(collector, report);
  }
}

/** Telemetry never stops the loop: a tracker that cannot start is a problem in the report. */
function startTracking(loaded: LoadedConfig, request: RunRequest, report: RunReport): AdvancedMetricsCollector | null {
  try {
    const collector = new AdvancedMetricsCollector(loaded.projectRoot, loaded);
    collector.startTracking(request.workflowId, request.runId);
    return collector;
  } catch (error) {
    report.problems.push(`metrics tracking not started: ${(error as Error).message}`);
    return null;
  }
}

/** Closes the metrics run (system samples, custom metrics) with the loop's verdict. */
async function stopTracking(collector: AdvancedMetricsCollector, report: RunReport): Promise<void> {
  try {
    await collector.stopTracking(report.outcome === "failed" || report.outcome === "error" ? "failure" : "success");
  } catch (error) {
    report.problems.push(`metrics run not closed: ${(error as Error).message}`);
  }
}

async function analyze(loaded: LoadedConfig, request: RunRequest): Promise<ErrorAnalysis> {
  const learning = await openFeedbackLearning(loaded);
  try {
    return await analyzeLog(loaded, { logPath: request.errorLog!, retryCount: request.retryCount, workflowId: request.workflowId, learning });
  } finally {
    learning.close();
  }
}

/** Why Claude is not called for this failure, or null when it should be. */
function skipReason(loaded: LoadedConfig, request: RunRequest, analysis: ErrorAnalysis | null): RunReport["outcome"] | null {
  if (!analysis || request.force) return null;
  if (analysis.summary.errorCount === 0) return "no-errors";
  if (analysis.retry.recommended && !loaded.config.runner.runClaudeOnRetryable) return "retry";
  return null;
}

/** Feedback and metrics, each on its own: one failing never hides the other, nor the step's own error. */
async function recordWhatIsKnown(loaded: LoadedConfig, request: RunRequest, report: RunReport): Promise<void> {
  report.metrics = runGauges(report);
  const attempt = request.enableFeedback ? attemptRecord(request, report) : null;
  if (attempt) {
    try {
      report.feedbackId = (await recordAttempt(loaded, attempt)).feedbackId;
    } catch (error) {
      report.problems.push(`feedback not recorded: ${(error as Error).message}`);
    }
  }
  if (request.enableMetrics) {
    try {
      await recordRunMetrics(loaded, { workflowId: request.workflowId, runId: request.runId, gauges: report.metrics, timers: report.timersMs });
    } catch (error) {
      report.problems.push(`metrics not recorded: ${(error as Error).message}`);
    }
  }
}
