// Closing a run: its last samples and metrics go in one batch, the system summary is computed from
// all of its samples, and the run gets its end time and outcome. Shared by --stop, the in-process
// tracker and the pick-up of spools whose sampler ended without a --stop.

import type { MetricReading, MetricRow, MetricsDatabase, RunRow } from "./database.ts";
import { systemSummary } from "./rates.ts";
import type { RunOutcome } from "./run-metadata.ts";
import type { SystemSample } from "./system-sample.ts";

export interface ClosedRun {
  run: RunRow;
  metrics: MetricRow[];
}

export async function closeRun(
  db: MetricsDatabase,
  run: number,
  closing: { samples: SystemSample[]; readings: MetricReading[]; outcome: RunOutcome | null; endedAt?: number },
): Promise<ClosedRun> {
  const endedAt = closing.endedAt ?? Date.now();
  await db.insertSamples(run, closing.samples);
  await db.recordMetrics(run, closing.readings);
  const row = (await db.run(run))!;
  await db.recordMetrics(run, systemSummary(await db.samples(run), row.startedAt, endedAt));
  await db.closeRun(run, endedAt, closing.outcome);
  return { run: (await db.run(run))!, metrics: await db.runMetrics(run) };
}
