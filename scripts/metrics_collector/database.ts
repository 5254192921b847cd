// MetricsDatabase: runs, their raw system samples and their named metrics in the `metrics` store.
// One row per (run, metric) holds a gauge's last value or a counter's or timer's running total,
// and each run counts its samples, so a report over 1,000 runs reads thousands of rows, not the
// millions of samples behind them. Runs carry their repository; reads follow --repo/--all-repos.

import type { LoadedConfig } from "../lib/config/load.ts";
import { cleanupStore, openConcernStore, type CleanupResult } from "../lib/storage/open.ts";
import { reportRepositories, type RepositoryFilter } from "../lib/storage/repository-scope.ts";
import type { SqlParam, Store } from "../lib/storage/store.ts";
import type { RunMetadata, RunOutcome } from "./run-metadata.ts";
import { METRICS_MIGRATIONS, METRICS_COPYING } from "./schema.ts";
import type { CpuTimes, SystemSample } from "./system-sample.ts";
import { insertRows } from "../lib/storage/insert-rows.ts";

export type MetricKind = "gauge" | "counter" | "timer" | "system";

export interface MetricReading {
  name: string;
  kind: MetricKind;
  value: number;
  unit?: string;
}

export interface RunRow extends RunMetadata {
  id: number;
  /** owner/name; rows written before runs named their repository read as the store's own. */
  repository: string;
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

/** Per repository: its runs, workflows and stored samples in the report window. */
export interface RepositoryTotals {
  repository: string;
  runs: number;
  workflows: number;
  samples: number;
}

const SAMPLE_COLUMNS =
  "run, at, cpu_user, cpu_system, cpu_iowait, cpu_steal, cpu_idle, cores, load1, mem_total, mem_available, swap_total, swap_free, disk_total, disk_free, disk_read, disk_write, net_rx, net_tx, processes";
const SAMPLE_COLUMN_NAMES = SAMPLE_COLUMNS.split(", ");
const RUN_COLUMNS =
  'r.id, r.repository, r.workflow_id AS "workflowId", r.run_id AS "runId", r.attempt, r.job, r.commit_sha AS "commit", r.branch, r.runner_os AS "runnerOs", r.started_at AS "startedAt", r.ended_at AS "endedAt", r.outcome';

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
  private constructor(
    readonly store: Store,
    /** The repository this invocation writes (and, without --all-repos, reads). */
    readonly repository: string,
    /** Which repositories' runs the reads cover, on the `runs` alias `r`. */
    private readonly scope: RepositoryFilter,
  ) {}

  static async open(loaded: LoadedConfig): Promise<MetricsDatabase> {
    const store = await openConcernStore(loaded, "metrics", METRICS_MIGRATIONS, METRICS_COPYING);
    return new MetricsDatabase(store, loaded.repository, reportRepositories(loaded, "r.repository"));
  }

  /** The run's row id in this repository, creating the row (started now) when it is new. */
  async ensureRun(meta: RunMetadata, startedAt = Date.now()): Promise<number> {
    const key = [this.repository, meta.workflowId, meta.runId, meta.attempt, meta.job];
    const find = "SELECT id FROM runs WHERE repository = ? AND workflow_id = ? AND run_id = ? AND attempt = ? AND job = ?";
    const found = await this.store.get<{ id: number }>(find, key);
    if (found) return found.id;
    await this.store.run(
      "INSERT INTO runs (repository, workflow_id, run_id, attempt, job, commit_sha, branch, runner_os, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      [...key, meta.commit, meta.branch, meta.runnerOs, startedAt],
    );
    return (await this.store.get<{ id: number }>(find, key))!.id;
  }

  async closeRun(run: number, endedAt: number, outcome: RunOutcome | null): Promise<void> {
    await this.store.run("UPDATE runs SET ended_at = ?, outcome = COALESCE(?, outcome) WHERE id = ?", [endedAt, outcome, run]);
  }

  async run(id: number): Promise<RunRow | undefined> {
    const row = await this.store.get<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs r WHERE r.id = ?`, [id]);
    return row && this.named(row);
  }

  /** Runs in scope started since `since`, oldest first, optionally of one workflow. */
  async runs(since: number, workflowId?: string): Promise<RunRow[]> {
    const { sql, params } = this.window(since, workflowId);
    const rows = await this.store.all<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs r WHERE ${sql} ORDER BY r.started_at, r.id`, params);
    return rows.map((row) => this.named(row));
  }

  /** Runs, workflows and samples per repository in scope, counted by the server, not in JS. */
  async totals(since: number, workflowId?: string): Promise<RepositoryTotals[]> {
    const { sql, params } = this.window(since, workflowId);
    // '' rows are the store's own repository's (written before runs named one): counted as its rows.
    return this.store.all<RepositoryTotals>(
      `SELECT CASE WHEN r.repository = '' THEN ? ELSE r.repository END AS repository,
         count(*) AS runs, count(DISTINCT r.workflow_id) AS workflows, sum(r.sample_count) AS samples
       FROM runs r WHERE ${sql} GROUP BY 1 ORDER BY 1`,
      [this.repository, ...params],
    );
  }

  /** Writes samples in one transaction as multi-row INSERTs (the batched write), and counts them on the run. */
  async insertSamples(run: number, samples: SystemSample[]): Promise<void> {
    if (!samples.length) return;
    await this.store.transaction(async (tx) => {
      await insertRows(tx, "samples", SAMPLE_COLUMN_NAMES, samples.map((s) => sampleParams(run, s)));
      await tx.run("UPDATE runs SET sample_count = sample_count + ? WHERE id = ?", [samples.length, run]);
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

  /** Every metric of the runs in scope started since `since` (one row per run and name). */
  async metrics(since: number, workflowId?: string): Promise<MetricRow[]> {
    const { sql, params } = this.window(since, workflowId);
    return this.store.all<MetricRow>(`SELECT m.run, m.name, m.kind, m.value, m.count, m.unit FROM metrics m JOIN runs r ON r.id = m.run WHERE ${sql}`, params);
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

  /** Runs (alias r) in scope started since `since`, optionally of one workflow. */
  private window(since: number, workflowId?: string): { sql: string; params: SqlParam[] } {
    const workflow = workflowId === undefined ? "" : " AND r.workflow_id = ?";
    return { sql: `r.started_at >= ? AND ${this.scope.sql}${workflow}`, params: [since, ...this.scope.params, ...(workflowId === undefined ? [] : [workflowId])] };
  }

  private named(row: RunRow): RunRow {
    return row.repository ? row : { ...row, repository: this.repository };
  }
}

function sampleParams(run: number, s: SystemSample): SqlParam[] {
  return [
    run, s.at, ...s.cpu, JSON.stringify(s.cores), s.load1, s.memTotal, s.memAvailable, s.swapTotal, s.swapFree,
    s.diskTotal, s.diskFree, s.diskRead, s.diskWrite, s.netRx, s.netTx, s.processes,
  ];
}
