// The errors store on both backends with several repositories in it: cache hit rates per report scope,
// Claude's answers replaced in one portable statement, and --migrate-to carrying a SQLite store (rows
// from before repositories were recorded included) to the server as the migrating repository's.

import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { analysisCacheStats, analyzeLog, ErrorCache } from "../../scripts/error_parser.ts";
import { ERRORS_MIGRATIONS } from "../../scripts/error_parser/cache.ts";
import { loadConfig, type LoadedConfig } from "../../scripts/lib/config/load.ts";
import { openStore } from "../../scripts/lib/storage/open.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";
import { repoRoot, runScript, tempDir } from "../helpers/run.ts";

const LOG = join(repoRoot, "examples/logs/network.log");
const SUBPROCESS_TIMEOUT_MS = 60_000;
const { available, cluster } = clusterForSuite("error_parser store");

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.cleanup());

function load(repository: string, database: Record<string, string>): Promise<LoadedConfig> {
  return loadConfig({ projectRoot: dir!.path, env: { CFO_CACHE_DIR: join(dir!.path, "cache"), GITHUB_REPOSITORY: repository, ...database } });
}

const backends = [
  { name: "sqlite", skip: false, database: async (): Promise<Record<string, string>> => ({}) },
  { name: "postgres", skip: !available, database: async (): Promise<Record<string, string>> => ({ CFO_DATABASE_URL: await cluster().freshDatabase() }) },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(backend.name, () => {
    test("cache hit rates cover the current repository, or every one with --all-repos", async () => {
      dir = tempDir("cfo-errors-store-");
      const database = await backend.database();
      const a = await load("a/x", database);
      const b = await load("b/y", database);
      await analyzeLog(a, { logPath: LOG });
      await analyzeLog(b, { logPath: LOG });
      expect((await analyzeLog(b, { logPath: LOG })).cached).toBe(true);
      expect(await analysisCacheStats(a, { days: 1 })).toEqual({ lookups: 1, hits: 0, hitRate: 0 });
      expect(await analysisCacheStats(b, { days: 1 })).toEqual({ lookups: 2, hits: 1, hitRate: 0.5 });
      expect(await analysisCacheStats({ ...b, allRepos: true }, { days: 1 })).toEqual({ lookups: 3, hits: 1, hitRate: 1 / 3 });
    });

    test("a second answer for a fingerprint replaces the first", async () => {
      dir = tempDir("cfo-errors-store-");
      const cache = await ErrorCache.open(await load("a/x", await backend.database()));
      try {
        await cache.saveLlmAnswer("fp", "model-1", "first");
        await Promise.all([cache.saveLlmAnswer("fp", "model-2", "second"), cache.saveLlmAnswer("fp", "model-2", "second")]);
        expect(await cache.llmAnswer("fp", "model-1")).toBeUndefined();
        expect(await cache.llmAnswer("fp", "model-2")).toBe("second");
      } finally {
        cache.close();
      }
    });
  });
}

describe.skipIf(!available)("--migrate-to", () => {
  test("copies the errors store; its rows, older ones included, become the migrating repository's", async () => {
    dir = tempDir("cfo-errors-store-");
    const cacheRoot = join(dir.path, "cache");
    // A store from before repositories were recorded, with one sighting of the log's error.
    const sqlite = await load("a/x", {});
    const { fingerprint } = (await analyzeLog(sqlite, { logPath: LOG })).errors[0]!;
    const legacy = await openStore("errors", { cacheRoot: sqlite.cacheRoot, busyTimeoutMs: 5000, migrations: ERRORS_MIGRATIONS });
    await legacy.run("INSERT INTO sightings (fingerprint, workflow_id, seen_at, category, message) VALUES (?, 'ci', ?, 'network', 'old')", [fingerprint, Date.now() - 60_000]);
    await legacy.close();

    const url = await cluster().freshDatabase();
    const env = { CFO_CACHE_DIR: cacheRoot, GITHUB_REPOSITORY: "a/x" };
    const migrated = await runScript("error_parser", ["--project-root", dir.path, "--migrate-to", url], { cwd: dir.path, env });
    expect(migrated.exitCode).toBe(0);
    expect(migrated.stdout).toMatch(/errors\.sightings: 2 rows in SQLite; 2 copied now/);

    const onServer = async (repository: string) => {
      const run = await runScript("error_parser", ["--project-root", dir!.path, "--log", LOG, "--json"], { cwd: dir!.path, env: { ...env, CFO_DATABASE_URL: url, GITHUB_REPOSITORY: repository } });
      expect(run.stderr).toBe("");
      return JSON.parse(run.stdout) as { cached: boolean; errors: { recurring: { count: number } | null }[] };
    };
    // b/y shares the server but not a/x's sightings (learning.scope: repository).
    expect(await onServer("b/y")).toMatchObject({ cached: false, errors: [{ recurring: null }] });
    // Where the data lives is not part of the configuration hash: a/x's copied analysis answers at once.
    expect(await onServer("a/x")).toMatchObject({ cached: true });
    const server = await openStore("errors", { cacheRoot, busyTimeoutMs: 5000, migrations: ERRORS_MIGRATIONS, url });
    const count = (table: string) => server.all<{ repository: string; n: number }>(`SELECT repository, COUNT(*) AS n FROM ${table} GROUP BY repository ORDER BY repository`);
    const [analyses, sightings] = [await count("analyses"), await count("sightings")];
    await server.close();
    expect(analyses).toEqual([{ repository: "a/x", n: 1 }, { repository: "b/y", n: 1 }]);
    expect(sightings).toEqual([{ repository: "a/x", n: 2 }, { repository: "b/y", n: 1 }]);
  }, SUBPROCESS_TIMEOUT_MS);
});
