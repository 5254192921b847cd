// The seed's cache hit rates for the report, read through error_parser's and context_manager's own
// exports. An embedded store that was never created has no rate; it is not created here just to be read.

import { existsSync } from "node:fs";
import type { LoadedConfig } from "../lib/config/load.ts";
import type { StoreName } from "../lib/config/types.ts";
import { warn } from "../lib/log.ts";
import { sqliteFile } from "../lib/storage/sqlite.ts";

export interface CacheStats {
  lookups: number;
  hits: number;
  hitRate: number | null;
}

export interface CacheHitRates {
  analysis: CacheStats | null;
  context: CacheStats | null;
}

export async function cacheHitRates(loaded: LoadedConfig, days: number): Promise<CacheHitRates> {
  return {
    analysis: await statsOf(loaded, "errors", async () => (await import("../error_parser.ts")).analysisCacheStats(loaded, { days })),
    context: await statsOf(loaded, "context", async () => (await import("../context_manager.ts")).contextCacheStats(loaded, { days })),
  };
}

async function statsOf(loaded: LoadedConfig, store: StoreName, read: () => Promise<CacheStats>): Promise<CacheStats | null> {
  if (!loaded.config.storage.url && !existsSync(sqliteFile(loaded.cacheRoot, store))) return null;
  try {
    return await read();
  } catch (error) {
    warn(`the ${store} cache hit rate is left out of the report: ${(error as Error).message}`);
    return null;
  }
}
