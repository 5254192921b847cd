// Opens a concern's store on the configured backend, and the shared --cleanup routine.

import type { LoadedConfig } from "../config/load.ts";
import type { StoreName } from "../config/types.ts";
import { CfoError } from "../errors.ts";
import { warn } from "../log.ts";
import type { StoreCopying } from "./migrate-to.ts";
import { ServerUnreachableError } from "./postgres-errors.ts";
import { serverSync } from "./server-sync.ts";
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

/**
 * The store of one concern, as the merged configuration says (cache root, backend, lock wait). When the
 * shared server cannot be reached, the concern works on its local SQLite file instead, with a warning, and
 * that file's rows go to the server the next time it answers (see server-sync.ts): no step fails because
 * the server is down, and nothing written meanwhile is lost. `copying` as for --migrate-to.
 */
export async function openConcernStore(loaded: LoadedConfig, name: StoreName, migrations: Migrations, copying: StoreCopying = {}): Promise<Store> {
  const { storage } = loaded.config;
  const options = { cacheRoot: loaded.cacheRoot, busyTimeoutMs: storage.busyTimeoutMs, migrations };
  if (!isPostgresUrl(storage.url)) return openStore(name, { ...options, url: storage.url });
  const sync = serverSync(loaded, { name, migrations, ...copying });
  let server: Store;
  try {
    server = await openStore(name, { ...options, url: storage.url });
  } catch (error) {
    if (!(error instanceof ServerUnreachableError)) throw error;
    warn(`${error.toLine()}; using the local store under ${loaded.cacheRoot} meanwhile (its rows go to the server once it answers)`);
    sync.markPending();
    return openStore(name, options);
  }
  await sync.flushIfPending();
  return server;
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
