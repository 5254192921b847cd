// Rows a concern wrote to its local SQLite file while the shared server was unreachable, sent on to the
// server the next time a process of that concern reaches it. A marker file says a copy is owed; one
// process claims it by renaming it (a rename is atomic), so two steps never copy the same rows twice,
// and the copy itself is --migrate-to's (resumable, re-keyed, repository-named).

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LoadedConfig } from "../config/load.ts";
import { debug, warn } from "../log.ts";
import type { MigratedStore } from "./migrate-to.ts";
import { sqliteFile } from "./sqlite.ts";

const PENDING = "server-sync-pending";

export interface ServerSync {
  /** Note that the local file now holds rows the server lacks. */
  markPending(): void;
  /** Copies them if a copy is owed; a failure is a warning and the copy stays owed. */
  flushIfPending(): Promise<void>;
}

export function serverSync(loaded: LoadedConfig, store: MigratedStore): ServerSync {
  const marker = join(dirname(sqliteFile(loaded.cacheRoot, store.name)), PENDING);
  return {
    markPending() {
      mkdirSync(dirname(marker), { recursive: true });
      writeFileSync(marker, `${new Date().toISOString()}\n`);
    },
    async flushIfPending() {
      if (!existsSync(marker)) return;
      const claimed = `${marker}.${process.pid}`;
      try {
        renameSync(marker, claimed);
      } catch {
        return; // another process claimed it first
      }
      try {
        const { migrateSqliteToPostgres } = await import("./migrate-to.ts");
        const { storage } = loaded.config;
        await migrateSqliteToPostgres({
          cacheRoot: loaded.cacheRoot,
          url: storage.url!,
          busyTimeoutMs: storage.busyTimeoutMs,
          repository: loaded.repository,
          stores: [store],
          report: (line) => debug(`server sync: ${line}`),
        });
      } catch (error) {
        renameSync(claimed, marker);
        warn(`${store.name}: rows written while the server was unreachable are not on it yet (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); the next run tries again`);
        return;
      }
      rmSync(claimed, { force: true });
    },
  };
}
