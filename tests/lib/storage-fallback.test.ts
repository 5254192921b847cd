// A shared server that is down never stops a step: the concern works on its local SQLite file with a
// warning, and those rows reach the server the next time it answers, once each. A server that refuses
// the login is a configuration mistake, not an outage, and still fails in one line.

import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { CfoError } from "../../scripts/lib/errors.ts";
import { openConcernStore } from "../../scripts/lib/storage/open.ts";
import { EVENT_MIGRATIONS } from "../fixtures/store_writer.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";
import { repoRoot, runScript, tempDir } from "../helpers/run.ts";

const { available: withPostgres, cluster } = clusterForSuite("storage-fallback");
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

const deadUrl = (url: string) => url.replace(/:(\d+)\//, ":1/");

function project(): string {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  return dir.path;
}

/** Opens the test store as a concern would under CFO_DATABASE_URL=url, writes `rows` events, and says where they went. */
async function writeThrough(projectRoot: string, url: string, writer: string, rows: number): Promise<{ dialect: string; warnings: string }> {
  const loaded = await loadConfig({ projectRoot, env: { CFO_DATABASE_URL: url }, flags: [{ path: ["repository"], value: "acme/api", flag: "--repo" }] });
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const store = await openConcernStore(loaded, "metrics", EVENT_MIGRATIONS);
    for (let seq = 1; seq <= rows; seq++) await store.run("INSERT INTO events (writer, seq, at) VALUES (?, ?, ?)", [writer, seq, Date.now()]);
    await store.close();
    return { dialect: store.dialect, warnings: written.join("") };
  } finally {
    process.stderr.write = original;
  }
}

describe.skipIf(!withPostgres)("server down", () => {
  test("writes go to the local file with a warning, and reach the server once when it answers again", async () => {
    const root = project();
    const url = await cluster().freshDatabase();
    const down = await writeThrough(root, deadUrl(url), "offline-1", 3);
    expect(down.dialect).toBe("sqlite");
    expect(down.warnings).toMatch(/cannot use the PostgreSQL store .*connection refused.*using the local store under/);
    expect(down.warnings).not.toContain(new URL(url).password);

    const up = await writeThrough(root, url, "online", 2);
    expect(up).toEqual({ dialect: "postgres", warnings: "" });
    await writeThrough(root, deadUrl(url), "offline-2", 4);
    await writeThrough(root, url, "online", 0);
    await writeThrough(root, url, "online", 0);

    const server = await openConcernStore(await loadConfig({ projectRoot: root, env: { CFO_DATABASE_URL: url } }), "metrics", EVENT_MIGRATIONS);
    const counts = await server.all("SELECT writer, count(*) AS n FROM events GROUP BY writer ORDER BY writer");
    await server.close();
    expect(counts).toEqual([
      { writer: "offline-1", n: 3 },
      { writer: "offline-2", n: 4 },
      { writer: "online", n: 2 },
    ]);
    expect(readdirSync(join(root, ".github/cache/metrics")).filter((name) => name.startsWith("server-sync"))).toEqual([]);
  });

  test("a refused login is not an outage: one line, no fallback", async () => {
    const root = project();
    const url = cluster().url().replace(new URL(cluster().url()).password, "wrong");
    const loaded = await loadConfig({ projectRoot: root, env: { CFO_DATABASE_URL: url } });
    const error = await openConcernStore(loaded, "metrics", EVENT_MIGRATIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CfoError);
    expect((error as CfoError).toLine()).toContain("password authentication failed");
    expect(existsSync(join(root, ".github/cache/metrics/metrics.db"))).toBe(false);
  });

  test("error_parser analyses a log with the server down: exit 0, a warning, the usual answer", async () => {
    const root = project();
    const run = await runScript("error_parser", ["--log", join(repoRoot, "examples/logs/network.log"), "--json"], {
      cwd: root,
      env: { CFO_DATABASE_URL: deadUrl(cluster().url()) },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("using the local store");
    expect(JSON.parse(run.stdout).summary.category).toBe("network");
  });
});
