// feedback_optimizer: the outcome store of the loop. Records fix attempts, test reports, analyses and
// reviews; reports patterns and recommendations; exports what it learned to error_parser and context_manager.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { runScript, type ScriptContext } from "./lib/cli.ts";
import { CfoError } from "./lib/errors.ts";
import { appendStepSummary, inGitHubActions, printJson, printUntrusted, setOutputs } from "./lib/github.ts";
import { attemptRecord, chosenAction, errorLink, feedbackSpec, runContext } from "./feedback_optimizer/cli.ts";
import { FeedbackLoopOptimizer } from "./feedback_optimizer/optimizer.ts";
import { renderMarkdown, renderText } from "./feedback_optimizer/render.ts";
import type { FeedbackSource, FeedbackType } from "./feedback_optimizer/types.ts";

export { FeedbackAnalyzer } from "./feedback_optimizer/analyzer.ts";
export { FeedbackDatabase } from "./feedback_optimizer/database.ts";
export * from "./feedback_optimizer/learned.ts";
export { keyMetrics, type KeyMetrics } from "./feedback_optimizer/metrics.ts";
export { FeedbackLoopOptimizer, type FeedbackReport } from "./feedback_optimizer/optimizer.ts";
export type { FeedbackSource, FeedbackType, FixOutcome, FixStrategy } from "./feedback_optimizer/types.ts";

async function main({ args, positionals, loaded, json }: ScriptContext): Promise<number> {
  const action = chosenAction(args);
  if (positionals.length && action !== "ingest-junit" && action !== "ingest-event") {
    throw new CfoError(`unexpected argument "${positionals[0]}"; see --help`);
  }
  const optimizer = await FeedbackLoopOptimizer.open(loaded);
  const print = (result: object, text: string) => (json ? printJson({ action, ...result }) : printUntrusted(text));
  try {
    switch (action) {
      case "add-feedback": {
        const feedbackId = await optimizer.addFeedback({
          message: String(args["add-feedback"]),
          type: (args.type ?? "error") as FeedbackType,
          source: (args.source ?? "user") as FeedbackSource,
          severity: args.severity === undefined ? 0.5 : Number(args.severity),
          ...runContext(args),
          ...errorLink(args),
        });
        setOutputs({ "feedback-id": feedbackId });
        print({ feedbackId }, feedbackId);
        return 0;
      }
      case "record-attempt": {
        const feedbackId = await optimizer.recordAttempt(attemptRecord(args));
        setOutputs({ "feedback-id": feedbackId });
        print({ feedbackId }, feedbackId);
        return 0;
      }
      case "ingest-junit": {
        const patterns = [...(args["ingest-junit"] as string[]), ...positionals];
        const result = await optimizer.ingestJUnit(expandReports(patterns), runContext(args));
        const tests = result.tests!;
        print(result, `${result.reports} JUnit reports ingested (${result.duplicates} seen before): ${tests.total} tests, ${tests.failed} failed, ${tests.errored} errored, ${tests.skipped} skipped; ${result.items} items`);
        return 0;
      }
      case "ingest-analysis": {
        const result = await optimizer.ingestAnalysis(String(args["ingest-analysis"]), runContext(args));
        print(result, result.duplicates ? "analysis seen before; nothing added" : `analysis ingested: ${result.items} error items`);
        return 0;
      }
      case "ingest-event": {
        const file = positionals[0] ?? process.env.GITHUB_EVENT_PATH;
        if (!file) throw new CfoError("--ingest-event needs a FILE or $GITHUB_EVENT_PATH");
        const result = await optimizer.ingestEvent(file);
        print(result, result.duplicate ? "event seen before; nothing changed" : `${result.event}: ${result.closedAttempts.length} attempts closed, ${result.items} items added`);
        return 0;
      }
      case "cleanup": {
        const result = await optimizer.cleanup();
        const deleted = Object.entries(result.deletedRows).filter(([, rows]) => rows > 0).map(([table, rows]) => `${rows} ${table}`);
        print(result, `cleanup: kept ${result.retentionDays} days of items and ${result.aggregateRetentionDays} days of daily aggregates; deleted ${deleted.join(", ") || "nothing"}`);
        return 0;
      }
      case "report": {
        const report = await optimizer.report(Number(loaded.config.feedback.reportDays), typeof args["workflow-id"] === "string" ? args["workflow-id"] : undefined);
        print(report, renderText(report));
        if (inGitHubActions()) await appendStepSummary(renderMarkdown(report));
        return 0;
      }
    }
  } finally {
    optimizer.close();
  }
}

/** Files and globs (relative to the working directory) to report paths; a pattern matching nothing is an error. */
function expandReports(patterns: string[]): string[] {
  const files = patterns.flatMap((pattern) => {
    if (existsSync(pattern)) return [resolve(pattern)];
    const matches = [...new Bun.Glob(pattern).scanSync({ cwd: process.cwd(), absolute: true, onlyFiles: true })].sort();
    if (!matches.length) throw new CfoError(`no JUnit report matches "${pattern}"`);
    return matches;
  });
  return [...new Set(files)];
}

if (import.meta.main) await runScript(feedbackSpec, main);
