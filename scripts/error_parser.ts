// error_parser: what broke in a failed CI job, where, and whether re-running it is worth it.
// `bun scripts/error_parser.ts --log job.log` reads the log (streamed, any size), reports every error
// with its category, location and log lines, and recommends a retry with a backoff delay.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { runScript, type ScriptContext } from "./lib/cli.ts";
import type { LoadedConfig } from "./lib/config/load.ts";
import { CfoError } from "./lib/errors.ts";
import { printJson } from "./lib/github.ts";
import { analyzeLog } from "./error_parser/analyze.ts";
import { ERRORS_MIGRATIONS, ErrorCache } from "./error_parser/cache.ts";
import { printText, publishToGitHub } from "./error_parser/render.ts";
import type { RetryEvidenceSource } from "./error_parser/retry.ts";

export { analyzeLog, analysisCacheStats, type AnalyzeInput } from "./error_parser/analyze.ts";
export { ErrorCache } from "./error_parser/cache.ts";
export { ErrorClassifier } from "./error_parser/classifier.ts";
export { RetryManager, type RetryDecision, type RetryEvidenceSource } from "./error_parser/retry.ts";
export type { AnalyzedError, ErrorAnalysis, Recurrence } from "./error_parser/types.ts";
export type { LearnedRetryEvidence } from "./feedback_optimizer/learned.ts";

async function main({ args, loaded, json }: ScriptContext): Promise<number> {
  if (args.cleanup) return cleanup(loaded, json);
  const logPath = typeof args.log === "string" ? args.log : undefined;
  if (!logPath) throw new CfoError("--log FILE (or - for stdin) is required; see --help");
  const retryCount = typeof args["retry-count"] === "string" ? Number(args["retry-count"]) : 0;
  if (!Number.isInteger(retryCount) || retryCount < 0) throw new CfoError(`--retry-count takes a whole number of retries already made, got "${String(args["retry-count"])}"`);
  const learning = await openLearning(loaded);
  try {
    const analysis = await analyzeLog(loaded, {
      logPath,
      retryCount,
      ...(typeof args["workflow-id"] === "string" ? { workflowId: args["workflow-id"] } : {}),
      ...(learning ? { learning } : {}),
    });
    if (json) printJson(analysis);
    else printText(analysis);
    await publishToGitHub(analysis);
  } finally {
    learning?.close();
  }
  return 0;
}

/** The feedback store's learned outcomes: a shared server's, or the embedded file when feedback has created it (never created here). */
async function openLearning(loaded: LoadedConfig): Promise<(RetryEvidenceSource & { close(): void }) | undefined> {
  if (!loaded.config.storage.url && !existsSync(join(loaded.cacheRoot, "feedback", "feedback.db"))) return undefined;
  const { openFeedbackLearning } = await import("./feedback_optimizer/learned.ts");
  return openFeedbackLearning(loaded);
}

async function cleanup(loaded: LoadedConfig, json: boolean): Promise<number> {
  const cache = await ErrorCache.open(loaded);
  try {
    const result = await cache.cleanup(loaded.config.storage.retentionDays.errors);
    if (json) printJson(result);
    else {
      const deleted = Object.entries(result.deletedRows).map(([table, rows]) => `${table} ${rows}`).join(", ");
      process.stdout.write(`errors store cleaned: rows older than ${result.retentionDays} days deleted (${deleted}); file compacted\n`);
    }
  } finally {
    cache.close();
  }
  return 0;
}

if (import.meta.main) {
  await runScript(
    {
      name: "error_parser",
      summary: "classifies a failed CI log, extracts every error and recommends whether to retry",
      stores: [{ name: "errors", migrations: ERRORS_MIGRATIONS }],
      flags: [
        { name: "log", type: "string", valueName: "FILE|-", description: "The job log to analyze; - reads stdin." },
        { name: "retry-count", type: "string", numeric: true, valueName: "N", description: "Retries already made before the run that failed (0 after the first run)." },
        { name: "workflow-id", type: "string", valueName: "ID", description: "Groups recurrence counts per workflow (default: default)." },
        { name: "cleanup", type: "boolean", description: "Delete errors-store rows past storage.retentionDays.errors and compact it." },
      ],
      examples: [
        "bun scripts/error_parser.ts --log job.log",
        "gh run view 123 --log-failed | bun scripts/error_parser.ts --log - --json",
        "bun scripts/error_parser.ts --log job.log --retry-count 1 --workflow-id ci.yml",
        "bun scripts/error_parser.ts --cleanup",
      ],
    },
    main,
  );
}
