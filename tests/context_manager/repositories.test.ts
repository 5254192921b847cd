// Two repositories that check out to the same runner path share one store (a PostgreSQL server, as an
// organisation runs it; SQLite too): the content-hash file cache is shared, but one repository's
// stamps, sent files and build figures never stand in for the other's.

import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ContextCacheManager, contextCacheStats } from "../../scripts/context_manager.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { runScript, tempDir } from "../helpers/run.ts";
import { storeBackends } from "./backends.ts";
import { cartError, cartLog, cartProject, writeAnalysis } from "./fixtures.ts";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

interface JsonPack {
  items: { path: string }[];
  cache: { hits: number; misses: number };
}

/** Files last written an hour ago, so their stamps are trusted at once (no "racy" re-read). */
function settle(root: string, mtime: Date): void {
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && !join(entry.parentPath, entry.name).includes("/.git/")) utimesSync(join(entry.parentPath, entry.name), mtime, mtime);
  }
}

for (const backend of storeBackends("context repositories")) {
  describe.skipIf(backend.skip)(backend.name, () => {
    test("stamps and sent files stay with their repository; file analyses are shared by content", async () => {
      const checkout = cartProject();
      const work = tempDir("cfo-ctx-repos-");
      cleanups.push(checkout.cleanup, work.cleanup);
      const env = await backend.env(join(work.path, "cache"));
      const analysis = writeAnalysis(work.path, cartLog, [cartError]);
      const build = async (repo: string): Promise<JsonPack> => {
        const run = await runScript("context_manager", ["--project-root", checkout.path, "--repo", repo, "--analysis", analysis, "--json"], { env });
        expect(run.stderr).not.toContain("warning");
        expect(run.exitCode).toBe(0);
        return JSON.parse(run.stdout) as JsonPack;
      };
      const settled = new Date(Date.now() - 3_600_000);
      settle(checkout.path, settled);
      const a = await build("a/x");
      expect(a.cache.hits).toBe(0);

      // b/y checks out to the same path: one file differs in content but not in size or mtime, so a's
      // stamp for it would wrongly vouch for a's hash. b must hash it anew (a miss); every identical file
      // is a hit on a's analyses.
      const unrelated = join(checkout.path, "src/unrelated.ts");
      const text = readFileSync(unrelated, "utf8");
      writeFileSync(unrelated, text.replaceAll("weatherReport", "weatherRecord"));
      settle(checkout.path, settled);
      const b = await build("b/y");
      expect(b.cache.misses).toBe(1);
      expect(b.cache.hits).toBe(a.cache.misses - 1);

      const loadedFor = (repo: string, allRepos = false) =>
        loadConfig({ projectRoot: checkout.path, env: { ...process.env, ...env }, flags: [{ path: ["repository"], value: repo, flag: "--repo" }], allRepos });
      for (const [repo, pack] of [["a/x", a], ["b/y", b]] as const) {
        const cache = await ContextCacheManager.open(await loadedFor(repo));
        const sent = await cache.sentBefore(["cart-total"]);
        cache.close();
        expect({ repo, sent: [...sent.keys()].sort() }).toEqual({ repo, sent: pack.items.map((i) => i.path).sort() });
      }
      expect(await contextCacheStats(await loadedFor("b/y"), { days: 1 })).toEqual({ lookups: b.cache.hits + b.cache.misses, hits: b.cache.hits, hitRate: b.cache.hits / (b.cache.hits + b.cache.misses) });
      const every = await contextCacheStats(await loadedFor("b/y", true), { days: 1 });
      expect(every.lookups).toBe(a.cache.misses + b.cache.hits + b.cache.misses);
    }, 30_000);
  });
}
