// The feedback store's schema: items, fix attempts and the files they touched, test results, the
// ingestion keys that make ingestion idempotent, and daily aggregates that outlive the items.
// Step 2 names each record's repository (owner/name; '' = written before, the store's own) and puts it
// into every key that identifies a record, so many repositories can share one server.

import type { Migrations } from "../lib/storage/store.ts";

/** Indexes that read the repository too, so the reports' repository filter stays on covering indexes. */
const REPOSITORY_INDEXES = `
  DROP INDEX feedback_items_time;
  DROP INDEX feedback_items_fingerprint;
  CREATE INDEX feedback_items_time ON feedback_items (created_at, origin, type, category, fingerprint, repository);
  CREATE INDEX feedback_items_fingerprint ON feedback_items (fingerprint, created_at, origin, category, repository);
  DROP INDEX test_results_test;
  CREATE INDEX test_results_test ON test_results (test_fingerprint, commit_sha, created_at, passed, repository);`;

const FIX_ATTEMPT_INDEXES = `
  CREATE INDEX fix_attempts_time ON fix_attempts (started_at);
  CREATE INDEX fix_attempts_fingerprint ON fix_attempts (fingerprint, strategy, outcome, repository);
  CREATE INDEX fix_attempts_category ON fix_attempts (category, strategy, outcome, repository);
  CREATE INDEX fix_attempts_open ON fix_attempts (outcome, commit_sha);`;

function addRepository(tables: string[]): string {
  return tables.map((table) => `ALTER TABLE ${table} ADD COLUMN repository TEXT NOT NULL DEFAULT '';`).join("\n  ");
}

/** SQLite cannot change a table's keys in place: the keyed tables are rebuilt with repository in their key. */
const SQLITE_REPOSITORY_STEP = `${addRepository(["feedback_items", "test_results"])}
  ${REPOSITORY_INDEXES}

  CREATE TABLE fix_attempts_new (
     id TEXT PRIMARY KEY,
     workflow_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     strategy TEXT NOT NULL,
     outcome TEXT NOT NULL,
     fingerprint TEXT,
     category TEXT,
     started_at INTEGER NOT NULL,
     finished_at INTEGER,
     duration_ms INTEGER,
     turns INTEGER,
     input_tokens INTEGER,
     output_tokens INTEGER,
     cache_read_tokens INTEGER,
     cost_usd REAL,
     commit_sha TEXT,
     branch TEXT,
     job TEXT,
     repository TEXT NOT NULL DEFAULT '',
     UNIQUE (repository, workflow_id, run_id, attempt, strategy)
  );
  INSERT INTO fix_attempts_new SELECT *, '' FROM fix_attempts;
  DROP TABLE fix_attempts;
  ALTER TABLE fix_attempts_new RENAME TO fix_attempts;
  ${FIX_ATTEMPT_INDEXES}

  CREATE TABLE test_runs_new (
     ingestion_key TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     report TEXT NOT NULL,
     workflow_id TEXT,
     run_id TEXT,
     commit_sha TEXT,
     tests INTEGER NOT NULL,
     failures INTEGER NOT NULL,
     errors INTEGER NOT NULL,
     skipped INTEGER NOT NULL,
     duration_ms INTEGER NOT NULL,
     repository TEXT NOT NULL DEFAULT '',
     PRIMARY KEY (repository, ingestion_key)
  );
  INSERT INTO test_runs_new SELECT *, '' FROM test_runs;
  DROP TABLE test_runs;
  ALTER TABLE test_runs_new RENAME TO test_runs;
  CREATE INDEX test_runs_time ON test_runs (created_at);

  CREATE TABLE ingestions_new (
     key TEXT NOT NULL,
     kind TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     repository TEXT NOT NULL DEFAULT '',
     PRIMARY KEY (repository, key)
  );
  INSERT INTO ingestions_new SELECT *, '' FROM ingestions;
  DROP TABLE ingestions;
  ALTER TABLE ingestions_new RENAME TO ingestions;

  CREATE TABLE daily_aggregates_new (
     day INTEGER NOT NULL,
     workflow_id TEXT NOT NULL,
     category TEXT NOT NULL,
     strategy TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     successes INTEGER NOT NULL,
     resolution_ms_total INTEGER NOT NULL,
     repository TEXT NOT NULL DEFAULT '',
     PRIMARY KEY (repository, day, workflow_id, category, strategy)
  );
  INSERT INTO daily_aggregates_new SELECT *, '' FROM daily_aggregates;
  DROP TABLE daily_aggregates;
  ALTER TABLE daily_aggregates_new RENAME TO daily_aggregates;`;

/** PostgreSQL swaps the keys in place (the names are the ones it gave step 1's unnamed keys). */
const POSTGRES_REPOSITORY_STEP = `${addRepository(["feedback_items", "test_results", "fix_attempts", "test_runs", "ingestions", "daily_aggregates"])}
  ${REPOSITORY_INDEXES}
  DROP INDEX fix_attempts_time, fix_attempts_fingerprint, fix_attempts_category, fix_attempts_open;
  ${FIX_ATTEMPT_INDEXES}
  ALTER TABLE fix_attempts DROP CONSTRAINT fix_attempts_workflow_id_run_id_attempt_strategy_key;
  ALTER TABLE fix_attempts ADD CONSTRAINT fix_attempts_identity UNIQUE (repository, workflow_id, run_id, attempt, strategy);
  ALTER TABLE test_runs DROP CONSTRAINT test_runs_pkey;
  ALTER TABLE test_runs ADD PRIMARY KEY (repository, ingestion_key);
  ALTER TABLE ingestions DROP CONSTRAINT ingestions_pkey;
  ALTER TABLE ingestions ADD PRIMARY KEY (repository, key);
  ALTER TABLE daily_aggregates DROP CONSTRAINT daily_aggregates_pkey;
  ALTER TABLE daily_aggregates ADD PRIMARY KEY (repository, day, workflow_id, category, strategy);`;

export const FEEDBACK_MIGRATIONS: Migrations = [
  `CREATE TABLE feedback_items (
     id TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     origin TEXT NOT NULL,
     type TEXT NOT NULL,
     source TEXT NOT NULL,
     severity REAL NOT NULL,
     message TEXT NOT NULL,
     workflow_id TEXT,
     run_id TEXT,
     attempt INTEGER,
     fingerprint TEXT,
     category TEXT,
     test_fingerprint TEXT,
     commit_sha TEXT,
     job TEXT
   );
   -- Covering indexes: --report over 100,000 items reads them without touching the table.
   CREATE INDEX feedback_items_time ON feedback_items (created_at, origin, type, category, fingerprint);
   CREATE INDEX feedback_items_fingerprint ON feedback_items (fingerprint, created_at, origin, category);

   CREATE TABLE fix_attempts (
     id TEXT PRIMARY KEY,
     workflow_id TEXT NOT NULL,
     run_id TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     strategy TEXT NOT NULL,
     outcome TEXT NOT NULL,
     fingerprint TEXT,
     category TEXT,
     started_at INTEGER NOT NULL,
     finished_at INTEGER,
     duration_ms INTEGER,
     turns INTEGER,
     input_tokens INTEGER,
     output_tokens INTEGER,
     cache_read_tokens INTEGER,
     cost_usd REAL,
     commit_sha TEXT,
     branch TEXT,
     job TEXT,
     UNIQUE (workflow_id, run_id, attempt, strategy)
   );
   CREATE INDEX fix_attempts_time ON fix_attempts (started_at);
   CREATE INDEX fix_attempts_fingerprint ON fix_attempts (fingerprint, strategy, outcome);
   CREATE INDEX fix_attempts_category ON fix_attempts (category, strategy, outcome);
   CREATE INDEX fix_attempts_open ON fix_attempts (outcome, commit_sha);

   CREATE TABLE attempt_files (
     attempt_id TEXT NOT NULL,
     role TEXT NOT NULL,
     path TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     PRIMARY KEY (attempt_id, role, path)
   );

   CREATE TABLE test_runs (
     ingestion_key TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     report TEXT NOT NULL,
     workflow_id TEXT,
     run_id TEXT,
     commit_sha TEXT,
     tests INTEGER NOT NULL,
     failures INTEGER NOT NULL,
     errors INTEGER NOT NULL,
     skipped INTEGER NOT NULL,
     duration_ms INTEGER NOT NULL
   );
   CREATE INDEX test_runs_time ON test_runs (created_at);

   CREATE TABLE test_results (
     test_fingerprint TEXT NOT NULL,
     test_name TEXT NOT NULL,
     commit_sha TEXT NOT NULL,
     ingestion_key TEXT NOT NULL,
     passed INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX test_results_test ON test_results (test_fingerprint, commit_sha, created_at, passed);
   CREATE INDEX test_results_time ON test_results (created_at);

   CREATE TABLE ingestions (
     key TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );

   -- day: epoch ms of the day's start (UTC), so retention applies to it like any timestamp.
   CREATE TABLE daily_aggregates (
     day INTEGER NOT NULL,
     workflow_id TEXT NOT NULL,
     category TEXT NOT NULL,
     strategy TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     successes INTEGER NOT NULL,
     resolution_ms_total INTEGER NOT NULL,
     PRIMARY KEY (day, workflow_id, category, strategy)
   );`,
  { sqlite: SQLITE_REPOSITORY_STEP, postgres: POSTGRES_REPOSITORY_STEP },
];
