// The seed's key figures, read through the other concerns' exported functions (never their
// tables): feedback's resolution and failure rates, error_parser's and context_manager's cache hit
// rates. They feed the seed's alert rules (cache hit rate < 70%, resolution > 5 min, ...).
// Imported on demand: --start, --stop and --gauge never load the other concerns.

import type { KeyMetrics } from "../feedback_optimizer.ts";
import type { LoadedConfig } from "../lib/config/load.ts";
import { warn } from "../lib/log.ts";
import type { Finding } from "./analyzer.ts";
import type { AlertSettings } from "./config.ts";
import { formatValue } from "./format.ts";

export interface CacheFigures {
  lookups: number;
  hits: number;
  hitRate: number | null;
}

/** feedback_optimizer's key metrics plus the two cache hit rates. */
export interface KeyFigures extends KeyMetrics {
  errorAnalysisCache: CacheFigures | null;
  contextCache: CacheFigures | null;
}

/** Reads each concern's figures; one that cannot be read is a warning and shows as unknown. */
export async function readKeyFigures(loaded: LoadedConfig, days: number, workflowId?: string): Promise<KeyFigures> {
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      warn(`${what} unavailable for the metrics report: ${(error as Error).message}`);
      return null;
    }
  };
  const feedback = await attempt("feedback key metrics", async () => (await import("../feedback_optimizer.ts")).keyMetrics(loaded, { days, workflowId }));
  return {
    errorResolutionRate: feedback?.errorResolutionRate ?? null,
    meanResolutionSeconds: feedback?.meanResolutionSeconds ?? null,
    retrySuccessRate: feedback?.retrySuccessRate ?? null,
    feedbackLoopFailureRate: feedback?.feedbackLoopFailureRate ?? null,
    contextRelevance: feedback?.contextRelevance ?? null,
    attempts: feedback?.attempts ?? 0,
    errorAnalysisCache: await attempt("error analysis cache statistics", async () => (await import("../error_parser.ts")).analysisCacheStats(loaded, { days })),
    contextCache: await attempt("context cache statistics", async () => (await import("../context_manager.ts")).contextCacheStats(loaded, { days })),
  };
}

/** The seed's alert rules over the key figures; unknown figures raise nothing. */
export function keyFigureAlerts(figures: KeyFigures, alerts: AlertSettings): Finding[] {
  const findings: Finding[] = [];
  const alert = (metric: string, message: string) => findings.push({ level: "warning", kind: "alert", repository: null, workflowId: null, metric, message });
  for (const [metric, label, cache] of [
    ["errors.cache_hit_rate", "Error-analysis cache", figures.errorAnalysisCache],
    ["context.cache_hit_rate", "Context cache", figures.contextCache],
  ] as const) {
    if (cache?.hitRate != null && cache.lookups > 0 && cache.hitRate < alerts.cacheHitRateMin) {
      alert(metric, `${label} hit rate ${formatValue(cache.hitRate, "ratio")} over ${cache.lookups} lookups is below ${formatValue(alerts.cacheHitRateMin, "ratio")}`);
    }
  }
  if (figures.meanResolutionSeconds !== null && figures.meanResolutionSeconds > alerts.errorResolutionSecondsMax) {
    alert("feedback.mean_resolution_s", `Mean error resolution time ${formatValue(figures.meanResolutionSeconds, "s")} is above ${formatValue(alerts.errorResolutionSecondsMax, "s")}`);
  }
  if (figures.feedbackLoopFailureRate !== null && figures.feedbackLoopFailureRate > alerts.feedbackLoopFailureRateMax) {
    alert("feedback.loop_failure_rate", `Feedback-loop failure rate ${formatValue(figures.feedbackLoopFailureRate, "ratio")} over ${figures.attempts} attempts is above ${formatValue(alerts.feedbackLoopFailureRateMax, "ratio")}`);
  }
  return findings;
}
