// MetricsDatabase: runs, their raw system samples and their named metrics in the `metrics` store.
// One row per (run, metric) holds a gauge's last value or a counter's or timer's running total,
// so a report over 1,000 runs reads thousands of rows, not the million samples behind them.

import type { LoadedConfig } from "../lib/config/load.ts";
import { cleanupStore, openConcernStore, type CleanupResult } from "../lib/storage/open.ts";
import type { Store } from "../lib/storage/store.ts";
import type { RunMetadata, RunOutcome } from "./run-metadata.ts";
import type { CpuTimes, SystemSample } from "./system-sample.ts";

export type MetricKind = "gauge" | "counter" | "timer" | "system";

export interface MetricReading {
  name: string;
  kind: MetricKind;
  value: number;
  unit?: string;
}

export interface RunRow extends RunMetadata {
  id: number;
  startedAt: number;
  endedAt: number | null;
  outcome: RunOutcome | null;
}

export interface MetricRow {
  run: number;
  name: string;
  kind: MetricKind;
  value: number;
  count: number;
  unit: string | null;
}

const MIGRATIONS = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY, workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, attempt INTEGER NOT NULL, job TEXT NOT NULL,
     commit_sha TEXT, branch TEXT, runner_os TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER, outcome TEXT,
     UNIQUE (workflow_id, run_id, attempt, job));
   CREATE INDEX runs_started ON runs (started_at);
   CREATE TABLE samples (
     run INTEGER NOT NULL, at INTEGER NOT NULL,
     cpu_user REAL NOT NULL, cpu_system REAL NOT NULL, cpu_iowait REAL NOT NULL, cpu_steal REAL NOT NULL, cpu_idle REAL NOT NULL,
     cores TEXT NOT NULL, load1 REAL NOT NULL, mem_total INTEGER NOT NULL, mem_available INTEGER NOT NULL,
     swap_total INTEGER NOT NULL, swap_free INTEGER NOT NULL, disk_total INTEGER NOT NULL, disk_free INTEGER NOT NULL,
     disk_read INTEGER NOT NULL, disk_write INTEGER NOT NULL, net_rx INTEGER NOT NULL, net_tx INTEGER NOT NULL, processes INTEGER NOT NULL);
   CREATE INDEX samples_run_at ON samples (run, at);
   CREATE INDEX samples_at ON samples (at);
   CREATE TABLE metrics (
     run INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, value REAL NOT NULL, count INTEGER NOT NULL,
     unit TEXT, updated_at INTEGER NOT NULL, PRIMARY KEY (run, name));
   CREATE INDEX metrics_updated ON metrics (updated_at);`,
];

const SAMPLE_COLUMNS =
  "run, at, cpu_user, cpu_system, cpu_iowait, cpu_steal, cpu_idle, cores, load1, mem_total, mem_available, swap_total, swap_free, disk_total, disk_free, disk_read, disk_write, net_rx, net_tx, processes";
const RUN_COLUMNS =
  'id, workflow_id AS "workflowId", run_id AS "runId", attempt, job, commit_sha AS "commit", branch, runner_os AS "runnerOs", started_at AS "startedAt", ended_at AS "endedAt", outcome';

interface SampleRow {
  at: number;
  cpu_user: number;
  cpu_system: number;
  cpu_iowait: number;
  cpu_steal: number;
  cpu_idle: number;
  cores: string;
  load1: number;
  mem_total: number;
  mem_available: number;
  swap_total: number;
  swap_free: number;
  disk_total: number;
  disk_free: number;
  disk_read: number;
  disk_write: number;
  net_rx: number;
  net_tx: number;
  processes: number;
}

export class MetricsDatabase {
  private constructor(readonly store: Store) {}

  static async open(loaded: LoadedConfig): Promise<MetricsDatabase> {
    return new MetricsDatabase(await openConcernStore(loaded, "metrics", MIGRATIONS));
  }

  /** The run's row id, creating the row (started now) when it is new. */
  async ensureRun(meta: RunMetadata, startedAt = Date.now()): Promise<number> {
    const key = [meta.workflowId, meta.runId, meta.attempt, meta.job];
    const found = await this.store.get<{ id: number }>("SELECT id FROM runs WHERE workflow_id = ? AND run_id = ? AND attempt = ? AND job = ?", key);
    if (found) return found.id;
    await this.store.run(
      "INSERT INTO runs (workflow_id, run_id, attempt, job, commit_sha, branch, runner_os, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      [...key, meta.commit, meta.branch, meta.runnerOs, startedAt],
    );
    return (await this.store.get<{ id: number }>("SELECT id FROM runs WHERE workflow_id = ? AND run_id = ? AND attempt = ? AND job = ?", key))!.id;
  }

  async closeRun(run: number, endedAt: number, outcome: RunOutcome | null): Promise<void> {
    await this.store.run("UPDATE runs SET ended_at = ?, outcome = COALESCE(?, outcome) WHERE id = ?", [endedAt, outcome, run]);
  }

  async run(id: number): Promise<RunRow | undefined> {
    return this.store.get<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`, [id]);
  }

  /** Runs started since `since`, oldest first, optionally of one workflow. */
  async runs(since: number, workflowId?: string): Promise<RunRow[]> {
    const filter = workflowId === undefined ? "" : " AND workflow_id = ?";
    return this.store.all<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE started_at >= ?${filter} ORDER BY started_at, id`, workflowId === undefined ? [since] : [since, workflowId]);
  }

  /** Writes samples in one transaction (the batched write). */
  async insertSamples(run: number, samples: SystemSample[]): Promise<void> {
    if (!samples.length) return;
    const placeholders = `(${SAMPLE_COLUMNS.split(",").map(() => "?").join(", ")})`;
    await this.store.transaction(async (tx) => {
      for (const s of samples) {
        await tx.run(`INSERT INTO samples (${SAMPLE_COLUMNS}) VALUES ${placeholders}`, [
          run, s.at, ...s.cpu, JSON.stringify(s.cores), s.load1, s.memTotal, s.memAvailable, s.swapTotal, s.swapFree,
          s.diskTotal, s.diskFree, s.diskRead, s.diskWrite, s.netRx, s.netTx, s.processes,
        ]);
      }
    });
  }

  async samples(run: number): Promise<SystemSample[]> {
    const rows = await this.store.all<SampleRow>(`SELECT ${SAMPLE_COLUMNS} FROM samples WHERE run = ? ORDER BY at`, [run]);
    return rows.map((r) => ({
      at: r.at,
      cpu: [r.cpu_user, r.cpu_system, r.cpu_iowait, r.cpu_steal, r.cpu_idle],
      cores: JSON.parse(r.cores) as CpuTimes[],
      load1: r.load1,
      memTotal: r.mem_total,
      memAvailable: r.mem_available,
      swapTotal: r.swap_total,
      swapFree: r.swap_free,
      diskTotal: r.disk_total,
      diskFree: r.disk_free,
      diskRead: r.disk_read,
      diskWrite: r.disk_write,
      netRx: r.net_rx,
      netTx: r.net_tx,
      processes: r.processes,
    }));
  }

  async sampleCount(since: number, workflowId?: string): Promise<number> {
    const row = workflowId === undefined
      ? await this.store.get<{ n: number }>("SELECT count(*) AS n FROM samples WHERE at >= ?", [since])
      : await this.store.get<{ n: number }>("SELECT count(*) AS n FROM samples s JOIN runs r ON r.id = s.run WHERE s.at >= ? AND r.workflow_id = ?", [since, workflowId]);
    return row?.n ?? 0;
  }

  /** Gauges and system figures replace the stored value; counters and timers add to it. */
  async recordMetrics(run: number, readings: MetricReading[], at = Date.now()): Promise<void> {
    if (!readings.length) return;
    await this.store.transaction(async (tx) => {
      for (const reading of readings) {
        const accumulates = reading.kind === "counter" || reading.kind === "timer";
        await tx.run(
          `INSERT INTO metrics (run, name, kind, value, count, unit, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
           ON CONFLICT (run, name) DO UPDATE SET kind = excluded.kind, unit = excluded.unit, updated_at = excluded.updated_at,
             value = ${accumulates ? "metrics.value + excluded.value" : "excluded.value"}, count = metrics.count + 1`,
          [run, reading.name, reading.kind, reading.value, reading.unit ?? null, at],
        );
      }
    });
  }

  /** Every metric of the runs started since `since` (one row per run and name). */
  async metrics(since: number, workflowId?: string): Promise<MetricRow[]> {
    const filter = workflowId === undefined ? "" : " AND r.workflow_id = ?";
    return this.store.all<MetricRow>(
      `SELECT m.run, m.name, m.kind, m.value, m.count, m.unit FROM metrics m JOIN runs r ON r.id = m.run WHERE r.started_at >= ?${filter}`,
      workflowId === undefined ? [since] : [since, workflowId],
    );
  }

  async runMetrics(run: number): Promise<MetricRow[]> {
    return this.store.all<MetricRow>("SELECT run, name, kind, value, count, unit FROM metrics WHERE run = ? ORDER BY name", [run]);
  }

  async cleanup(retentionDays: number): Promise<CleanupResult> {
    return cleanupStore(this.store, retentionDays, [
      { table: "samples", column: "at" },
      { table: "metrics", column: "updated_at" },
      { table: "runs", column: "started_at" },
    ]);
  }

  close(): void {
    this.store.close();
  }
}
