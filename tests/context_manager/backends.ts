// The two backends the context store's tests run on: the SQLite file under the cache dir, and a fresh
// database on a throwaway PostgreSQL cluster (skipped, loudly, without PostgreSQL's binaries).

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { contextMigrations } from "../../scripts/context_manager/cache-rows.ts";
import { openStore } from "../../scripts/lib/storage/open.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";

export interface StoreBackend {
  name: "sqlite" | "postgres";
  skip: boolean;
  /** The environment that puts a run's context store in `cacheDir` (SQLite) or a new empty database. */
  env(cacheDir: string): Promise<Record<string, string>>;
}

/** Call at the top level of a test file: the PostgreSQL cluster lives as long as the file's tests. */
export function storeBackends(suite: string): StoreBackend[] {
  const { available, cluster } = clusterForSuite(suite);
  return [
    { name: "sqlite", skip: false, env: async (cacheDir) => ({ CFO_CACHE_DIR: cacheDir }) },
    { name: "postgres", skip: !available, env: async (cacheDir) => ({ CFO_CACHE_DIR: cacheDir, CFO_DATABASE_URL: await cluster().freshDatabase() }) },
  ];
}

const TABLES = ["files", "builds", "sent", "stamps", "packs"];

/**
 * Everything the context store holds, as text for leak checks: the SQLite file's raw bytes (deleted
 * pages and the WAL included), or every row of every table on the server (blobs as latin1).
 */
export async function storedText(env: Record<string, string>): Promise<string> {
  const url = env.CFO_DATABASE_URL;
  const dir = join(env.CFO_CACHE_DIR!, "context");
  if (!url) return readdirSync(dir).filter((name) => name.startsWith("context.db")).map((name) => readFileSync(join(dir, name)).toString("latin1")).join("\n");
  // A server run must not have fallen back to the local file.
  if (existsSync(join(dir, "context.db"))) throw new Error(`the context store fell back to SQLite in ${dir}`);
  const store = await openStore("context", { cacheRoot: env.CFO_CACHE_DIR!, busyTimeoutMs: 10_000, migrations: contextMigrations, url });
  try {
    const rows = (await Promise.all(TABLES.map((table) => store.all<Record<string, unknown>>(`SELECT * FROM ${table}`)))).flat();
    return rows.map((row) => Object.values(row).map((value) => (value instanceof Uint8Array ? Buffer.from(value).toString("latin1") : String(value))).join("\t")).join("\n");
  } finally {
    await store.close();
  }
}
