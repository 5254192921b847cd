// What only the server backend has: a clear one-line error, quickly, when the server is down or
// refuses the login (never the password in it), and --migrate-to, which copies a SQLite store into
// the server idempotently and resumes an interrupted copy without duplicating a row.

import { afterEach, describe, expect, test } from "bun:test";
import { CfoError } from "../../scripts/lib/errors.ts";
import { migrateSqliteToPostgres, type TableCopy } from "../../scripts/lib/storage/migrate-to.ts";
import { openStore } from "../../scripts/lib/storage/open.ts";
import type { Migrations, Store } from "../../scripts/lib/storage/store.ts";
import { EVENT_MIGRATIONS } from "../fixtures/store_writer.ts";
import { startCluster } from "../helpers/postgres.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";
import { tempDir } from "../helpers/run.ts";

const { available: withPostgres, cluster } = clusterForSuite("storage-postgres");
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

const MIGRATIONS: Migrations = [...EVENT_MIGRATIONS, "CREATE TABLE readings (run INTEGER NOT NULL, at INTEGER NOT NULL, value REAL, payload BLOB)"];
const open = (url: string | null, cacheRoot = "") => openStore("metrics", { cacheRoot, url, busyTimeoutMs: 5_000, migrations: MIGRATIONS });
const password = (url: string) => new URL(url).password;

/** Rejects with a one-line CfoError within `withinMs`; returns its line. */
async function oneLineFailure(attempt: Promise<unknown>, withinMs: number): Promise<string> {
  const started = performance.now();
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(performance.now() - started).toBeLessThan(withinMs);
  expect(error).toBeInstanceOf(CfoError);
  const line = (error as CfoError).toLine();
  expect(line).not.toContain("\n");
  return line;
}

describe.skipIf(!withPostgres)("server trouble", () => {
  test("a server that is down gives one clear line at once, without the password", async () => {
    const url = cluster().url().replace(/:(\d+)\//, ":1/");
    const line = await oneLineFailure(open(url), 5_000);
    expect(line).toMatch(/^storage\.url: cannot use the PostgreSQL store at postgres:\/\/cfo@127\.0\.0\.1:1\/postgres \(schema cfo_metrics\): connection refused/);
    expect(line).not.toContain(password(url));
  });

  test("a refused login names the reason and hides the password", async () => {
    const url = cluster().url().replace(password(cluster().url()), "not-the-password");
    const line = await oneLineFailure(open(url), 5_000);
    expect(line).toContain('password authentication failed for user "cfo"');
    expect(line).not.toContain("not-the-password");
  });

  test("a server that goes away while a store is open fails the next statement quickly, in one line", async () => {
    const doomed = await startCluster();
    const store = await open(await doomed.freshDatabase());
    await store.run("INSERT INTO events (writer, seq, at) VALUES ('x', 1, 1)");
    expect(store.location).not.toContain(password(doomed.url()));
    await doomed.stop();
    const line = await oneLineFailure(store.run("INSERT INTO events (writer, seq, at) VALUES ('x', 2, 2)"), 5_000);
    expect(line).toContain("cannot use the PostgreSQL store");
    await store.close();
  }, 20_000);
});

describe.skipIf(!withPostgres)("--migrate-to", () => {
  async function sqliteWithHistory(): Promise<{ cacheRoot: string; source: Store }> {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const source = await open(null, dir.path);
    await source.transaction(async (tx) => {
      for (let i = 1; i <= 2500; i++) {
        await tx.run("INSERT INTO events (writer, seq, at, note) VALUES (?, ?, ?, ?)", [`w${i % 7}`, i, 1_700_000_000_000 + i, i % 3 ? null : "it's ?"]);
        await tx.run("INSERT INTO readings (run, at, value, payload) VALUES (?, ?, ?, ?)", [i % 11, i, i / 8, new Uint8Array([i % 256, 7])]);
      }
    });
    return { cacheRoot: dir.path, source };
  }

  const migrate = (cacheRoot: string, url: string, extra: { onBatch?: (table: string) => void; lines?: string[] } = {}) =>
    migrateSqliteToPostgres({
      cacheRoot,
      url,
      busyTimeoutMs: 5_000,
      repository: "acme/widgets",
      stores: [{ name: "metrics", migrations: MIGRATIONS }],
      batchRows: 500,
      report: (line) => extra.lines?.push(line),
      onBatch: extra.onBatch,
    });
  const byTable = (copies: TableCopy[]) => Object.fromEntries(copies.map(({ table, sourceRows, earlier, copied, alreadyThere }) => [table, { sourceRows, earlier, copied, alreadyThere }]));
  const serverCounts = async (server: Store) => ({
    events: (await server.get<{ n: number }>("SELECT count(*) AS n FROM events"))!.n,
    readings: (await server.get<{ n: number }>("SELECT count(*) AS n FROM readings"))!.n,
  });

  test("an interrupted copy resumes without duplicates; a second run copies nothing; rows arrive intact", async () => {
    const { cacheRoot, source } = await sqliteWithHistory();
    await source.close();
    const url = await cluster().freshDatabase();
    let batches = 0;
    // Tables go in name order: applied (1 batch), then events; the crash follows events' second batch.
    const crash = () => {
      if (++batches === 3) throw new Error("runner cancelled");
    };
    await expect(migrate(cacheRoot, url, { onBatch: crash })).rejects.toThrow("runner cancelled");
    const server = await open(url);
    expect(await serverCounts(server)).toEqual({ events: 1000, readings: 0 });

    const lines: string[] = [];
    expect(byTable(await migrate(cacheRoot, url, { lines }))).toEqual({
      applied: { sourceRows: 1, earlier: 1, copied: 0, alreadyThere: 0 },
      events: { sourceRows: 2500, earlier: 1000, copied: 1500, alreadyThere: 0 },
      readings: { sourceRows: 2500, earlier: 0, copied: 2500, alreadyThere: 0 },
    });
    expect(lines).toContain("metrics.readings: 2500 rows in SQLite; 2500 copied now, 0 copied before, 0 already on the server");
    expect(lines.join("\n")).not.toContain(password(url));
    expect(await serverCounts(server)).toEqual({ events: 2500, readings: 2500 });

    expect(byTable(await migrate(cacheRoot, url)).events).toEqual({ sourceRows: 2500, earlier: 2500, copied: 0, alreadyThere: 0 });
    expect(await serverCounts(server)).toEqual({ events: 2500, readings: 2500 });

    expect(await server.get("SELECT writer, seq, at, note FROM events WHERE seq = 3")).toEqual({ writer: "w3", seq: 3, at: 1_700_000_000_003, note: "it's ?" });
    const reading = await server.get<{ value: number; payload: Uint8Array }>("SELECT value, payload FROM readings WHERE at = 300");
    expect([reading!.value, [...reading!.payload]]).toEqual([37.5, [300 % 256, 7]]);
    const fresh = await server.run("INSERT INTO events (writer, seq, at) VALUES ('server', 1, 1) RETURNING id");
    expect(fresh.lastInsertId).toBe(2501);
    await server.close();
  });

  test("rows added to SQLite after a copy follow on the next run; a key taken on the server gets a new one, losing neither row", async () => {
    const { cacheRoot, source } = await sqliteWithHistory();
    const url = await cluster().freshDatabase();
    await migrate(cacheRoot, url);
    await source.run("INSERT INTO readings (run, at, value, payload) VALUES (1, 9999, 1.25, NULL)");
    await source.close();
    const server = await open(url);
    await server.run("INSERT INTO events (id, writer, seq, at) VALUES (9000, 'server', 1, 1)");
    const reopened = await open(null, cacheRoot);
    await reopened.run("INSERT INTO events (id, writer, seq, at) VALUES (9000, 'sqlite', 1, 1)");
    await reopened.close();
    const copies = byTable(await migrate(cacheRoot, url));
    expect(copies.readings).toEqual({ sourceRows: 2501, earlier: 2500, copied: 1, alreadyThere: 0 });
    expect(copies.events).toEqual({ sourceRows: 2501, earlier: 2500, copied: 1, alreadyThere: 0 });
    expect(await server.all("SELECT writer FROM events WHERE id = 9000")).toEqual([{ writer: "server" }]);
    expect(await server.all("SELECT id FROM events WHERE writer = 'sqlite'")).toEqual([{ id: 2501 }]);
    await server.close();
  });

  test("two repositories' files meet on one server: integer keys re-numbered, references follow, unnamed rows get the repository", async () => {
    const RUN_MIGRATIONS: Migrations = [
      `CREATE TABLE runs (id INTEGER PRIMARY KEY, repository TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, UNIQUE (repository, name));
       CREATE TABLE samples (run INTEGER NOT NULL, at INTEGER NOT NULL, repository TEXT NOT NULL DEFAULT '')`,
    ];
    const url = await cluster().freshDatabase();
    const copyOf = async (repository: string, runs: string[]) => {
      const dir = tempDir();
      cleanups.push(dir.cleanup);
      const source = await openStore("metrics", { cacheRoot: dir.path, url: null, busyTimeoutMs: 5_000, migrations: RUN_MIGRATIONS });
      for (const [i, name] of runs.entries()) {
        const { lastInsertId } = await source.run("INSERT INTO runs (name) VALUES (?)", [name]);
        expect(lastInsertId).toBe(i + 1);
        await source.run("INSERT INTO samples (run, at) VALUES (?, ?), (?, ?)", [lastInsertId, 1, lastInsertId, 2]);
      }
      await source.run("INSERT INTO samples (run, at) VALUES (99, 3)"); // its run was removed by retention
      await source.close();
      const lines: string[] = [];
      const copies = await migrateSqliteToPostgres({
        cacheRoot: dir.path, url, busyTimeoutMs: 5_000, repository,
        stores: [{ name: "metrics", migrations: RUN_MIGRATIONS, references: { "samples.run": "runs" } }],
        report: (line) => lines.push(line),
      });
      return { copies: Object.fromEntries(copies.map((c) => [c.table, [c.copied, c.orphaned]])), lines, dir: dir.path };
    };
    const first = await copyOf("acme/api", ["build", "test"]);
    expect(first.copies).toEqual({ runs: [2, 0], samples: [4, 1] });
    expect(first.lines).toContain("metrics.samples: 5 rows in SQLite; 4 copied now, 0 copied before, 0 already on the server, 1 left behind (the row they refer to is gone)");
    expect((await copyOf("acme/web", ["build", "lint"])).copies).toEqual({ runs: [2, 0], samples: [4, 1] });
    const server = await openStore("metrics", { cacheRoot: "", url, busyTimeoutMs: 5_000, migrations: RUN_MIGRATIONS });
    const joined = await server.all("SELECT r.repository, r.name, count(*) AS samples FROM samples s JOIN runs r ON r.id = s.run GROUP BY r.repository, r.name ORDER BY 1, 2");
    expect(joined).toEqual([
      { repository: "acme/api", name: "build", samples: 2 },
      { repository: "acme/api", name: "test", samples: 2 },
      { repository: "acme/web", name: "build", samples: 2 },
      { repository: "acme/web", name: "lint", samples: 2 },
    ]);
    expect(await server.get("SELECT count(*) AS n FROM samples WHERE repository = ''")).toEqual({ n: 0 });
    await server.close();
  });
});
