// The same store behaviour on both backends: migrations from every earlier version and applied once
// under concurrent starts, concurrent writer processes that lose nothing (20 for 30 s on PostgreSQL,
// with --cleanup running meanwhile), retention, and rows that come back with the same JS types.
// PostgreSQL runs on a throwaway cluster; without its binaries that half is skipped, loudly.

import { afterEach, describe, expect, test } from "bun:test";
import { cleanupStore, openStore } from "../../scripts/lib/storage/open.ts";
import type { Dialect, Store } from "../../scripts/lib/storage/store.ts";
import { EVENT_MIGRATIONS, storeTarget } from "../fixtures/store_writer.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";
import { bunBinary, repoRoot, tempDir } from "../helpers/run.ts";

const DAY_MS = 86_400_000;
const { available: withPostgres, cluster } = clusterForSuite("storage-backends");

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

interface Backend {
  dialect: Dialect;
  skip: boolean;
  /** A new empty place for a store: a cache root, or a fresh database on the cluster. */
  fresh(): Promise<string>;
  writers: { count: number; seconds: number };
}

const backends: Backend[] = [
  {
    dialect: "sqlite",
    skip: false,
    fresh: async () => {
      const dir = tempDir();
      cleanups.push(dir.cleanup);
      return dir.path;
    },
    writers: { count: 2, seconds: 10 },
  },
  { dialect: "postgres", skip: !withPostgres, fresh: () => cluster().freshDatabase(), writers: { count: 20, seconds: 30 } },
];

const open = (target: string, migrations = EVENT_MIGRATIONS) => openStore("metrics", { ...storeTarget(target), busyTimeoutMs: 10_000, migrations });

async function schemaVersion(store: Store): Promise<number> {
  if (store.dialect === "sqlite") return (await store.get<{ user_version: number }>("PRAGMA user_version"))!.user_version;
  return (await store.get<{ version: number }>("SELECT version FROM cfo_schema_version"))!.version;
}

/** Runs the writer fixture in `count` processes, all opening the store at once, until `until`; each reports how many rows it committed. */
async function runWriters(target: string, count: number, until: number): Promise<{ writer: string; code: number; claimed: number; err: string }[]> {
  const writer = `${repoRoot}/tests/fixtures/store_writer.ts`;
  const startAt = String(Date.now() + 1500);
  const children = Array.from({ length: count }, (_, i) => {
    const name = `w${String(i).padStart(2, "0")}`;
    return { name, child: Bun.spawn([bunBinary, writer, target, name, String(until), startAt], { stdout: "pipe", stderr: "pipe" }) };
  });
  return Promise.all(
    children.map(async ({ name, child }) => {
      const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
      return { writer: name, code, claimed: Number(out.trim() || 0), err };
    }),
  );
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(backend.dialect, () => {
    describe("migrations", () => {
      for (let from = 0; from < EVENT_MIGRATIONS.length; from++) {
        test(`from version ${from} to ${EVENT_MIGRATIONS.length}`, async () => {
          const target = await backend.fresh();
          await (await open(target, EVENT_MIGRATIONS.slice(0, from))).close();
          const store = await open(target);
          expect(store.dialect).toBe(backend.dialect);
          expect(await schemaVersion(store)).toBe(EVENT_MIGRATIONS.length);
          await store.run("INSERT INTO events (writer, seq, at, note) VALUES ('m', 1, 1, 'ok')");
          expect((await store.get<{ n: number }>("SELECT count(*) AS n FROM applied"))!.n).toBe(1);
          await store.close();
        });
      }

      test("a store from a newer cfo is refused, not deleted", async () => {
        const target = await backend.fresh();
        const store = await open(target);
        await store.run("INSERT INTO events (writer, seq, at) VALUES ('kept', 1, 1)");
        await store.close();
        await expect(open(target, EVENT_MIGRATIONS.slice(0, 1))).rejects.toThrow(/schema version 4 is newer than this cfo knows \(1\)/);
        const again = await open(target);
        expect(await again.all("SELECT writer FROM events")).toEqual([{ writer: "kept" }]);
        await again.close();
      });

      test("5 processes starting at once apply each step exactly once", async () => {
        const target = await backend.fresh();
        const results = await runWriters(target, 5, 0);
        for (const result of results) expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: "" });
        const store = await open(target);
        expect(await schemaVersion(store)).toBe(EVENT_MIGRATIONS.length);
        expect((await store.get<{ n: number }>("SELECT count(*) AS n FROM applied"))!.n).toBe(1);
        await store.close();
      }, 20_000);
    });

    const { count, seconds } = backend.writers;
    test(`${count} processes writing for ${seconds} s lose nothing and see no errors, while --cleanup runs`, async () => {
      const target = await backend.fresh();
      const store = await open(target);
      const now = Date.now();
      await store.transaction(async (tx) => {
        for (let i = 1; i <= 500; i++) await tx.run("INSERT INTO events (writer, seq, at) VALUES ('old', ?, ?)", [i, now - 60 * DAY_MS]);
      });
      const until = Date.now() + seconds * 1000;
      const writing = runWriters(target, count, until);
      const deletedOld: number[] = [];
      while (Date.now() < until - 1000) {
        deletedOld.push((await cleanupStore(store, 30, [{ table: "events", column: "at" }])).deletedRows.events!);
        await Bun.sleep(2000);
      }
      const results = await writing;
      for (const result of results) expect({ writer: result.writer, code: result.code, err: result.err }).toEqual({ writer: result.writer, code: 0, err: "" });
      const rows = await store.all<{ writer: string; n: number; distinct_seq: number; last: number }>(
        "SELECT writer, count(*) AS n, count(DISTINCT seq) AS distinct_seq, max(seq) AS last FROM events GROUP BY writer ORDER BY writer",
      );
      await store.close();
      expect(rows.map((r) => r.writer)).toEqual(results.map((r) => r.writer));
      for (const row of rows) expect([row.n, row.distinct_seq]).toEqual([row.last, row.last]);
      const claimed = results.reduce((sum, r) => sum + r.claimed, 0);
      expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(claimed);
      expect(claimed).toBeGreaterThan(1000);
      expect(deletedOld.reduce((a, b) => a + b, 0)).toBe(500);
    }, (seconds + 30) * 1000);

    test("cleanup removes rows past retention and keeps the rest", async () => {
      const store = await open(await backend.fresh());
      const now = Date.now();
      for (const age of [1, 29, 31, 100]) await store.run("INSERT INTO events (writer, seq, at) VALUES ('c', ?, ?)", [age, now - age * DAY_MS]);
      const result = await cleanupStore(store, 30, [{ table: "events", column: "at" }], now);
      expect(result.deletedRows).toEqual({ events: 2 });
      expect((await store.all<{ seq: number }>("SELECT seq FROM events ORDER BY seq")).map((r) => r.seq)).toEqual([1, 29]);
      await store.close();
    });

    test("values come back with the same JS types; keys from RETURNING; failed transactions leave nothing", async () => {
      const store = await open(await backend.fresh());
      const first = await store.run("INSERT INTO events (writer, seq, at, note) VALUES (?, ?, ?, ?) RETURNING id", ["t", 1, 1_700_000_000_123, "what?"]);
      const second = await store.run("INSERT INTO events (writer, seq, at) VALUES (?, ?, ?) RETURNING id", ["t", 2, 2]);
      expect(first.changes).toBe(1);
      expect(second.lastInsertId).toBe(first.lastInsertId + 1);
      const summary = await store.get("SELECT count(*) AS n, sum(seq) AS total, max(at) AS latest, avg(seq) AS mean, min(note) AS note FROM events WHERE writer = ?", ["t"]);
      expect(summary).toEqual({ n: 2, total: 3, latest: 1_700_000_000_123, mean: 1.5, note: "what?" });
      await expect(
        store.transaction(async (tx) => {
          await tx.run("INSERT INTO events (writer, seq, at) VALUES ('rolled back', 1, 1)");
          await tx.transaction((inner) => inner.run("INSERT INTO events (writer, seq, at) VALUES ('rolled back', 2, 1)"));
          throw new Error("abandon");
        }),
      ).rejects.toThrow("abandon");
      expect(await store.all("SELECT * FROM events WHERE writer = 'rolled back'")).toEqual([]);
      expect((await store.run("UPDATE events SET note = ? WHERE writer = ?", [true, "t"])).changes).toBe(2);
      expect(await store.all("SELECT DISTINCT note FROM events WHERE writer = 't'")).toEqual([{ note: "1" }]);
      await store.close();
    });
  });
}
