// The feedback store's schema: items, fix attempts and the files they touched, test results, the
// ingestion keys that make ingestion idempotent, and daily aggregates that outlive the items.

import type { Migrations } from "../lib/storage/store.ts";

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
];
