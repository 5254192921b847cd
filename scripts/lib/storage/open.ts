// Opens a concern's store on the configured backend, and the shared --cleanup routine.

import type { LoadedConfig } from "../config/load.ts";
import type { StoreName } from "../config/types.ts";
import { CfoError } from "../errors.ts";
import { openSqliteStore } from "./sqlite.ts";
import { isPostgresUrl, type Migrations, type OpenStoreOptions, type Store } from "./store.ts";

const DAY_MS = 86_400_000;

/** The backend follows storage.url: a postgres:// or postgresql:// URL is a shared server, none the SQLite file. */
export async function openStore(name: StoreName, options: OpenStoreOptions): Promise<Store> {
  const { url } = options;
  // Loaded only for a server: most runs use SQLite and should not pay for the client's import.
  if (isPostgresUrl(url)) return (await import("./postgres.ts")).openPostgresStore(name, { ...options, url });
  if (url) throw new CfoError("takes a postgres:// or postgresql:// URL, or null for the embedded SQLite (value not shown: it may hold a password)", undefined, "storage.url");
  return openSqliteStore(name, options);
}

/** The store of one concern, as the merged configuration says (cache root, backend, lock wait). */
export function openConcernStore(loaded: LoadedConfig, name: StoreName, migrations: Migrations): Promise<Store> {
  const { storage } = loaded.config;
  return openStore(name, { cacheRoot: loaded.cacheRoot, busyTimeoutMs: storage.busyTimeoutMs, migrations, url: storage.url });
}

export interface RetentionRule {
  table: string;
  /** Column holding epoch milliseconds. */
  column: string;
  /** Overrides the store's retention for this table (e.g. daily aggregates kept longer). */
  days?: number;
}

export interface CleanupResult {
  store: StoreName;
  deletedRows: Record<string, number>;
  retentionDays: number;
}

/** --cleanup: removes rows past retention in each table, then compacts (the SQLite file, or VACUUM on the server). */
export async function cleanupStore(store: Store, retentionDays: number, rules: RetentionRule[], now = Date.now()): Promise<CleanupResult> {
  const deletedRows: Record<string, number> = {};
  await store.transaction(async (tx) => {
    for (const rule of rules) deletedRows[rule.table] = await tx.deleteOlderThan(rule.table, rule.column, now - (rule.days ?? retentionDays) * DAY_MS);
  });
  await store.compact();
  return { store: store.name, deletedRows, retentionDays };
}
