// The storage interface every concern writes through. It is deliberately narrow (parameterised SQL
// with `?` placeholders, transactions, retention, compaction) so either backend can sit behind it
// without touching the scripts: the embedded SQLite (bun:sqlite) or a shared PostgreSQL server.

import type { StoreName } from "../config/types.ts";

export type SqlParam = string | number | bigint | boolean | null | Uint8Array;

export type Dialect = "sqlite" | "postgres";

export interface RunResult {
  changes: number;
  /**
   * The key the statement generated. SQLite: the rowid of the last inserted row. PostgreSQL has no
   * such thing: there it is the first column of the first row the statement returns, so write
   * `INSERT ... RETURNING id` (SQLite accepts it too) wherever the key is needed; 0 otherwise.
   */
  lastInsertId: number;
}

export interface Store {
  readonly name: StoreName;
  readonly dialect: Dialect;
  /** Where the data lives, for messages (a file path, or a server URL without credentials). */
  readonly location: string;
  /** Rows come back with the same JS types on both backends: integers and decimals as numbers, blobs as bytes. */
  all<T>(sql: string, params?: SqlParam[]): Promise<T[]>;
  get<T>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  run(sql: string, params?: SqlParam[]): Promise<RunResult>;
  /** Runs `work` atomically; transactions in one process are serialised on SQLite, pooled on PostgreSQL. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /** Deletes rows whose `column` (epoch ms) is older than `cutoffMs`; returns how many. */
  deleteOlderThan(table: string, column: string, cutoffMs: number): Promise<number>;
  /** Returns free space after a cleanup; safe while other processes write (it waits its turn). */
  compact(): Promise<void>;
  /** Releases the file or the connections; callers may leave it unawaited. */
  close(): Promise<void>;
}

/**
 * One schema step: portable SQL (written with SQLite's type names, which the PostgreSQL backend maps,
 * see dialect.ts), or a text per dialect where the two cannot share one (AUTOINCREMENT, partial
 * features). A step may hold several statements separated by semicolons.
 */
export type MigrationStep = string | { sqlite: string; postgres: string };

/** Forward-only schema steps; step i brings the schema from version i to i + 1. */
export type Migrations = MigrationStep[];

export interface OpenStoreOptions {
  cacheRoot: string;
  /** How long a writer waits for a lock (ms), on either backend. */
  busyTimeoutMs: number;
  migrations: Migrations;
  /** A shared server (postgres:// or postgresql://); null or absent for the embedded SQLite file under cacheRoot. */
  url?: string | null;
}

/** A shared-server URL (postgres:// or postgresql://); anything else means the embedded SQLite. */
export function isPostgresUrl(url: string | null | undefined): url is string {
  return typeof url === "string" && /^postgres(ql)?:\/\//i.test(url);
}
