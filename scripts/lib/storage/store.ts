// The storage interface every concern writes through. It is deliberately narrow (parameterised SQL
// with `?` placeholders, transactions, retention, compaction) so a shared server backend can sit
// behind it without touching the scripts. The embedded backend is SQLite (bun:sqlite).

import type { StoreName } from "../config/types.ts";

export type SqlParam = string | number | bigint | boolean | null | Uint8Array;

export interface RunResult {
  changes: number;
  lastInsertId: number;
}

export interface Store {
  readonly name: StoreName;
  readonly dialect: "sqlite" | "postgres";
  /** Where the data lives, for messages (a file path, or a server URL without credentials). */
  readonly location: string;
  all<T>(sql: string, params?: SqlParam[]): Promise<T[]>;
  get<T>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  run(sql: string, params?: SqlParam[]): Promise<RunResult>;
  /** Runs `work` atomically; transactions in one process are serialised. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /** Deletes rows whose `column` (epoch ms) is older than `cutoffMs`; returns how many. */
  deleteOlderThan(table: string, column: string, cutoffMs: number): Promise<number>;
  /** Returns free pages to the file system; safe while other processes write (it waits its turn). */
  compact(): Promise<void>;
  close(): void;
}

/** Forward-only schema steps; step i brings the schema from version i to i + 1. */
export type Migrations = string[];

export interface OpenStoreOptions {
  cacheRoot: string;
  busyTimeoutMs: number;
  migrations: Migrations;
  /** A shared server; null or absent for the embedded SQLite file under cacheRoot. */
  url?: string | null;
}
