// --cleanup: rolls fix attempts up into daily aggregates (kept for feedback.aggregateRetentionDays),
// then drops rows past retention and compacts. Safe beside running writers: it takes the write lock
// in turn like any writer, and only ever deletes whole days.

import type { LoadedConfig } from "../lib/config/load.ts";
import { cleanupStore, type CleanupResult } from "../lib/storage/open.ts";
import type { Store } from "../lib/storage/store.ts";

const DAY_MS = 86_400_000;

export interface FeedbackCleanup extends CleanupResult {
  aggregatedDays: number;
  aggregateRetentionDays: number;
}

export async function cleanupFeedback(store: Store, loaded: LoadedConfig, now = Date.now()): Promise<FeedbackCleanup> {
  // Deleting up to a day boundary keeps every retained day whole, so re-aggregating it never shrinks it.
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const aggregatedDays = await aggregateDays(store);
  const { aggregateRetentionDays } = loaded.config.feedback;
  const result = await cleanupStore(
    store,
    loaded.config.storage.retentionDays.feedback,
    [
      { table: "feedback_items", column: "created_at" },
      { table: "fix_attempts", column: "started_at" },
      { table: "attempt_files", column: "started_at" },
      { table: "test_runs", column: "created_at" },
      { table: "test_results", column: "created_at" },
      { table: "ingestions", column: "created_at" },
      { table: "daily_aggregates", column: "day", days: aggregateRetentionDays },
    ],
    dayStart,
  );
  return { ...result, aggregatedDays, aggregateRetentionDays };
}

/** Recomputes the aggregates of every repository's days that still have attempts; returns how many days. */
async function aggregateDays(store: Store): Promise<number> {
  return store.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO daily_aggregates (repository, day, workflow_id, category, strategy, attempts, successes, resolution_ms_total)
       SELECT repository, (started_at / ${DAY_MS}) * ${DAY_MS}, workflow_id, COALESCE(category, ''), strategy, COUNT(*),
         SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END),
         SUM(CASE WHEN outcome = 'passed' THEN finished_at - started_at ELSE 0 END)
       FROM fix_attempts WHERE outcome IN ('passed', 'failed')
       GROUP BY repository, (started_at / ${DAY_MS}) * ${DAY_MS}, workflow_id, COALESCE(category, ''), strategy
       ON CONFLICT (repository, day, workflow_id, category, strategy) DO UPDATE SET
         attempts = excluded.attempts, successes = excluded.successes, resolution_ms_total = excluded.resolution_ms_total`,
    );
    return (await tx.get<{ n: number }>(`SELECT COUNT(DISTINCT started_at / ${DAY_MS}) AS n FROM fix_attempts WHERE outcome IN ('passed', 'failed')`))?.n ?? 0;
  });
}
