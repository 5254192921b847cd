// The seed's key metrics, computed from recorded outcomes (definitions in docs/feedback_optimizer.md),
// over the repositories a report covers (the current one, or every one with --all-repos).

import type { LoadedConfig } from "../lib/config/load.ts";
import { reportRepositories, type RepositoryFilter } from "../lib/storage/repository-scope.ts";
import type { SqlParam, Store } from "../lib/storage/store.ts";
import { FeedbackDatabase } from "./database.ts";

export interface KeyMetrics {
  /** Failed runs (episodes) that some fix attempt turned green, among decided episodes. 0..1 */
  errorResolutionRate: number | null;
  /** Mean time from an episode's first attempt to its first green outcome (s). */
  meanResolutionSeconds: number | null;
  /** Closed retries that passed. 0..1 */
  retrySuccessRate: number | null;
  /** Attempts that did not end green: failed, abandoned, or pending past feedback.staleAttemptHours. 0..1 */
  feedbackLoopFailureRate: number | null;
  /** Files successful fixes changed that their context pack contained. 0..1 */
  contextRelevance: number | null;
  attempts: number;
}

export interface MetricsWindow {
  since: number;
  staleBefore: number;
  /** Which repositories' records count (a condition on the unqualified `repository` column). */
  repositories: RepositoryFilter;
  workflowId?: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export async function keyMetrics(loaded: LoadedConfig, options: { days: number; workflowId?: string }): Promise<KeyMetrics> {
  const database = await FeedbackDatabase.open(loaded);
  try {
    return await computeKeyMetrics(database.store, metricsWindow(loaded, options.days, options.workflowId));
  } finally {
    database.close();
  }
}

export function metricsWindow(loaded: LoadedConfig, days: number, workflowId?: string, now = Date.now()): MetricsWindow {
  return {
    since: now - days * DAY_MS,
    staleBefore: now - loaded.config.feedback.staleAttemptHours * HOUR_MS,
    repositories: reportRepositories(loaded),
    ...(workflowId ? { workflowId } : {}),
  };
}

export async function computeKeyMetrics(store: Store, window: MetricsWindow): Promise<KeyMetrics> {
  const { repositories } = window;
  // attempt_files has no repository or workflow column, so the unqualified names stay unambiguous in the join below.
  const filter = `started_at >= ?${window.workflowId ? " AND workflow_id = ?" : ""} AND ${repositories.sql}`;
  const params: SqlParam[] = [window.since, ...(window.workflowId ? [window.workflowId] : []), ...repositories.params];
  const episodes = await store.get<{ decided: number; resolved: number | null; resolution_ms: number | null }>(
    `SELECT COUNT(*) AS decided, SUM(CASE WHEN first_green IS NOT NULL THEN 1 ELSE 0 END) AS resolved,
       AVG(first_green - first_start) AS resolution_ms
     FROM (SELECT MIN(started_at) AS first_start, MIN(CASE WHEN outcome = 'passed' THEN finished_at END) AS first_green,
             SUM(CASE WHEN outcome = 'pending' AND started_at >= ? THEN 1 ELSE 0 END) AS open_attempts
           FROM fix_attempts WHERE ${filter} GROUP BY workflow_id, run_id) episodes
     WHERE first_green IS NOT NULL OR open_attempts = 0`,
    [window.staleBefore, ...params],
  );
  const attempts = await store.get<{ total: number; retries: number | null; retry_passed: number | null; loop_closed: number | null; loop_failed: number | null }>(
    `SELECT COUNT(*) AS total,
       SUM(CASE WHEN strategy = 'retry' AND outcome IN ('passed', 'failed') THEN 1 ELSE 0 END) AS retries,
       SUM(CASE WHEN strategy = 'retry' AND outcome = 'passed' THEN 1 ELSE 0 END) AS retry_passed,
       SUM(CASE WHEN outcome <> 'pending' OR started_at < ? THEN 1 ELSE 0 END) AS loop_closed,
       SUM(CASE WHEN outcome IN ('failed', 'abandoned') OR (outcome = 'pending' AND started_at < ?) THEN 1 ELSE 0 END) AS loop_failed
     FROM fix_attempts WHERE ${filter}`,
    [window.staleBefore, window.staleBefore, ...params],
  );
  const relevance = await store.get<{ changed: number; contained: number | null }>(
    `SELECT COUNT(*) AS changed,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM attempt_files x WHERE x.attempt_id = f.attempt_id AND x.role = 'context' AND x.path = f.path) THEN 1 ELSE 0 END) AS contained
     FROM attempt_files f JOIN fix_attempts a ON a.id = f.attempt_id
     WHERE f.role = 'changed' AND a.outcome = 'passed' AND a.${filter}
       AND EXISTS (SELECT 1 FROM attempt_files c WHERE c.attempt_id = f.attempt_id AND c.role = 'context')`,
    params,
  );
  return {
    errorResolutionRate: share(episodes?.resolved ?? 0, episodes?.decided ?? 0),
    meanResolutionSeconds: episodes?.resolution_ms == null ? null : episodes.resolution_ms / 1000,
    retrySuccessRate: share(attempts?.retry_passed ?? 0, attempts?.retries ?? 0),
    feedbackLoopFailureRate: share(attempts?.loop_failed ?? 0, attempts?.loop_closed ?? 0),
    contextRelevance: share(relevance?.contained ?? 0, relevance?.changed ?? 0),
    attempts: attempts?.total ?? 0,
  };
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
