// The metrics store's schema steps (forward-only; never edit a released step, append one) and the
// columns that hold runs.id, which --migrate-to and the push after a server outage re-number.

import type { Migrations } from "../lib/storage/store.ts";
import type { StoreCopying } from "../lib/storage/migrate-to.ts";

export const METRICS_MIGRATIONS: Migrations = [
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
  // Runs name their repository, which joins the natural key (a run id is unique only within one),
  // and count their samples so totals never scan the samples table. SQLite changes a UNIQUE
  // constraint only by rebuilding the table; ids stay, so samples and metrics keep pointing right.
  {
    sqlite: `CREATE TABLE runs_keyed (
       id INTEGER PRIMARY KEY, workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, attempt INTEGER NOT NULL, job TEXT NOT NULL,
       commit_sha TEXT, branch TEXT, runner_os TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER, outcome TEXT,
       repository TEXT NOT NULL DEFAULT '', sample_count INTEGER NOT NULL DEFAULT 0,
       UNIQUE (repository, workflow_id, run_id, attempt, job));
     INSERT INTO runs_keyed (id, workflow_id, run_id, attempt, job, commit_sha, branch, runner_os, started_at, ended_at, outcome, sample_count)
       SELECT id, workflow_id, run_id, attempt, job, commit_sha, branch, runner_os, started_at, ended_at, outcome,
         (SELECT count(*) FROM samples WHERE samples.run = runs.id) FROM runs;
     DROP TABLE runs;
     ALTER TABLE runs_keyed RENAME TO runs;
     CREATE INDEX runs_started ON runs (started_at);
     CREATE INDEX runs_repository_started ON runs (repository, started_at);`,
    postgres: `ALTER TABLE runs ADD COLUMN repository TEXT NOT NULL DEFAULT '';
     ALTER TABLE runs ADD COLUMN sample_count BIGINT NOT NULL DEFAULT 0;
     UPDATE runs SET sample_count = (SELECT count(*) FROM samples WHERE samples.run = runs.id);
     ALTER TABLE runs DROP CONSTRAINT runs_workflow_id_run_id_attempt_job_key;
     ALTER TABLE runs ADD CONSTRAINT runs_repository_workflow_id_run_id_attempt_job_key UNIQUE (repository, workflow_id, run_id, attempt, job);
     CREATE INDEX runs_repository_started ON runs (repository, started_at);`,
  },
];

/** samples.run and metrics.run hold runs.id; runs.sample_count counts a run's samples (so reports need not). */
export const METRICS_COPYING: StoreCopying = {
  references: { "samples.run": "runs", "metrics.run": "runs" },
  refresh: { "runs.sample_count": "(SELECT count(*) FROM samples WHERE samples.run = runs.id)" },
};
