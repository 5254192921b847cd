// A cached analysis answers the log's questions from the store, but the retry decision is made again:
// the attempt count and what feedback learned change while the log does not. On both backends.

import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { analyzeLog } from "../../scripts/error_parser.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";
import { repoRoot, tempDir } from "../helpers/run.ts";

const log = join(repoRoot, "examples/logs/network.log");
const { available, cluster } = clusterForSuite("error_parser cached retry");

const backends = [
  { name: "sqlite", skip: false, database: async (): Promise<Record<string, string>> => ({}) },
  { name: "postgres", skip: !available, database: async (): Promise<Record<string, string>> => ({ CFO_DATABASE_URL: await cluster().freshDatabase() }) },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(backend.name, () => {
    test("a cache hit re-decides the retry for the new attempt count", async () => {
      const cache = tempDir();
      try {
        const env = { CFO_CACHE_DIR: cache.path, GITHUB_REPOSITORY: "acme/widgets", ...(await backend.database()) };
        const loaded = await loadConfig({ projectRoot: join(repoRoot, "examples/sample-project"), env });
        const first = await analyzeLog(loaded, { logPath: log, retryCount: 0 });
        expect(first).toMatchObject({ cached: false, retry: { recommended: true, attempt: 1, learningScope: null }, summary: { retryRecommended: true } });
        const last = await analyzeLog(loaded, { logPath: log, retryCount: loaded.config.errors.retry.maxAttempts - 1 });
        expect(last.cached).toBe(true);
        expect(last.retry).toMatchObject({ recommended: false, attempt: loaded.config.errors.retry.maxAttempts, decidedBy: first.retry.decidedBy });
        expect(last.summary.retryRecommended).toBe(false);
        expect(last.errors).toEqual(first.errors);
      } finally {
        cache.cleanup();
      }
    });
  });
}
