// Insert throughput of the storage layer with 1, 5 and 20 concurrent writer processes, on the
// embedded SQLite file and on a PostgreSQL server (a throwaway local cluster), in the same run:
// rows/s, the ratio PostgreSQL/SQLite, and the writers' peak RSS.
// Run: bun bench/storage_ingest.ts [SECONDS_PER_CASE]   (PostgreSQL is skipped when initdb is missing)

import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openStore } from "../scripts/lib/storage/open.ts";
import { postgresBinDir, startCluster, type PostgresCluster } from "../tests/helpers/postgres.ts";
import { BENCH_MIGRATIONS } from "./storage_writer.ts";

const SECONDS = Number(process.argv[2] ?? 4);
const WRITERS = [1, 5, 20];
/** One row per transaction (a single recordAttempt); 50 rows as 50 statements (a batched flush as the concerns write it today); 50 rows as one multi-row INSERT. */
const SHAPES: { batch: number; style: "statements" | "values"; label: string }[] = [
  { batch: 1, style: "statements", label: "1 row" },
  { batch: 50, style: "statements", label: "50 rows, 50 INSERTs" },
  { batch: 50, style: "values", label: "50 rows, 1 multi-row INSERT" },
];
const writerScript = resolve(import.meta.dir, "storage_writer.ts");

interface Result {
  rows: number;
  rowsPerSecond: number;
  peakRssMb: number;
}

async function runCase(target: string, writers: number, shape: (typeof SHAPES)[number]): Promise<Result> {
  const startAt = Date.now() + 1500 + writers * 50;
  const until = startAt + SECONDS * 1000;
  const children = Array.from({ length: writers }, (_, i) =>
    Bun.spawn([process.execPath, writerScript, target, `w${i}`, String(startAt), String(until), String(shape.batch), shape.style], { stdout: "pipe", stderr: "inherit" }),
  );
  const counts = await Promise.all(children.map(async (child) => Number((await new Response(child.stdout).text()).trim())));
  await Promise.all(children.map((child) => child.exited));
  if (children.some((child) => child.exitCode !== 0)) throw new Error("a writer failed");
  const rows = counts.reduce((a, b) => a + b, 0);
  const peakRssMb = Math.max(...children.map((child) => child.resourceUsage()?.maxRSS ?? 0)) / 1024 / 1024;
  return { rows, rowsPerSecond: rows / SECONDS, peakRssMb };
}

/** A fresh place per case, so every case starts from an empty table. */
async function freshTarget(backend: "sqlite" | "postgres", cluster: PostgresCluster | undefined, work: string, index: number): Promise<string> {
  const target = backend === "postgres" ? await cluster!.freshDatabase() : join(work, `sqlite-${index}`);
  const store = await openStore("metrics", { cacheRoot: backend === "sqlite" ? target : "", url: backend === "postgres" ? target : null, busyTimeoutMs: 30_000, migrations: BENCH_MIGRATIONS });
  await store.close();
  return target;
}

const work = mkdtempSync(join(tmpdir(), "cfo-bench-storage-"));
const cluster = postgresBinDir() ? await startCluster() : undefined;
if (!cluster) console.log("PostgreSQL not installed (initdb not found): measuring SQLite only");
try {
  console.log(`storage ingest: ${SECONDS} s per case, ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}); PostgreSQL: local throwaway cluster, fsync off`);
  console.log(`machine load average at start: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log("| writers | per transaction | SQLite rows/s | PostgreSQL rows/s | PostgreSQL / SQLite | writer peak RSS SQLite / PostgreSQL |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  let index = 0;
  for (const shape of SHAPES) {
    for (const writers of WRITERS) {
      const sqlite = await runCase(await freshTarget("sqlite", cluster, work, index++), writers, shape);
      const postgres = cluster ? await runCase(await freshTarget("postgres", cluster, work, index++), writers, shape) : undefined;
      const pg = postgres ? `${postgres.rowsPerSecond.toFixed(0)}` : "n/a";
      const ratio = postgres ? `${(postgres.rowsPerSecond / sqlite.rowsPerSecond).toFixed(2)}x` : "n/a";
      const rss = `${sqlite.peakRssMb.toFixed(0)} MB / ${postgres ? `${postgres.peakRssMb.toFixed(0)} MB` : "n/a"}`;
      console.log(`| ${writers} | ${shape.label} | ${sqlite.rowsPerSecond.toFixed(0)} | ${pg} | ${ratio} | ${rss} |`);
    }
  }
  console.log(`bench process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  await cluster?.stop();
  rmSync(work, { recursive: true, force: true });
}
