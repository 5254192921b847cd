// A cached analysis answers the log's questions from the store, but the retry decision is made again:
// the attempt count and what feedback learned change while the log does not.

import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { analyzeLog } from "../../scripts/error_parser.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { repoRoot, tempDir } from "../helpers/run.ts";

const cache = tempDir();
afterAll(cache.cleanup);
const log = join(repoRoot, "examples/logs/network.log");

test("a cache hit re-decides the retry for the new attempt count", async () => {
  const loaded = await loadConfig({ projectRoot: join(repoRoot, "examples/sample-project"), env: { CFO_CACHE_DIR: cache.path } });
  const first = await analyzeLog(loaded, { logPath: log, retryCount: 0 });
  expect(first).toMatchObject({ cached: false, retry: { recommended: true, attempt: 1 }, summary: { retryRecommended: true } });
  const last = await analyzeLog(loaded, { logPath: log, retryCount: loaded.config.errors.retry.maxAttempts - 1 });
  expect(last.cached).toBe(true);
  expect(last.retry).toMatchObject({ recommended: false, attempt: loaded.config.errors.retry.maxAttempts, decidedBy: first.retry.decidedBy });
  expect(last.summary.retryRecommended).toBe(false);
  expect(last.errors).toEqual(first.errors);
});
