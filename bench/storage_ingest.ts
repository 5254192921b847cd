// Insert throughput of the storage layer with 1, 5 and 20 concurrent writer processes, on the
// embedded SQLite file and on a PostgreSQL server (a throwaway local cluster), in the same run:
// rows/s, the ratio PostgreSQL/SQLite, and the writers' peak RSS. Then the concerns' own write paths:
// metrics samples through MetricsDatabase.insertSamples (a minute of samples per batch) and feedback
// items through recordAttempt (one per call, as the runner records them), each writer its own repository.
// Run: bun bench/storage_ingest.ts [SECONDS_PER_CASE] [--concerns-only]   (PostgreSQL is skipped when initdb is missing)

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openFeedbackLearning, recordAttempt } from "../scripts/feedback_optimizer.ts";
import { loadConfig, type LoadedConfig } from "../scripts/lib/config/load.ts";
import { openStore } from "../scripts/lib/storage/open.ts";
import { MetricsDatabase } from "../scripts/metrics_collector.ts";
import type { SystemSample } from "../scripts/metrics_collector/system-sample.ts";
import { postgresBinDir, startCluster, type PostgresCluster } from "../tests/helpers/postgres.ts";
import { BENCH_MIGRATIONS } from "./storage_writer.ts";

const WRITER_MODE = process.argv[2] === "--writer";
const SECONDS = WRITER_MODE ? 0 : Number(/^\d/.test(process.argv[2] ?? "") ? process.argv[2] : 4);
const CONCERNS_ONLY = process.argv.includes("--concerns-only");
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

type ConcernKind = "samples" | "feedback";
/** Samples per insertSamples batch: a minute of sampling at the default 1 s interval. */
const SAMPLES_PER_BATCH = 60;

/** A concern writer: a project (SQLite under `target`) or a PostgreSQL URL, as repository bench/<writer>. */
function writerConfig(target: string, writer: string): Promise<LoadedConfig> {
  const server = /^postgres(ql)?:\/\//.test(target);
  mkdirSync(server ? work : target, { recursive: true });
  const env = server ? { CFO_DATABASE_URL: target, CFO_CACHE_DIR: join(work, writer) } : { CFO_CACHE_DIR: join(target, "cache") };
  return loadConfig({ projectRoot: server ? work : target, env, flags: [{ path: ["repository"], value: `bench/${writer}`, flag: "--repo" }] });
}

/**
 * One writer process: sets up, says "ready", reads the common start and deadline from stdin (sent once
 * every writer is ready: twenty processes starting on two cores take seconds), writes until the
 * deadline and prints how many items it wrote.
 */
async function concernWriter([kind, target, writer]: string[]): Promise<void> {
  const loaded = await writerConfig(target!, writer!);
  const db = kind === "samples" ? await MetricsDatabase.open(loaded) : undefined;
  const run = db ? await db.ensureRun({ workflowId: "ci", runId: writer!, attempt: 1, job: "bench", commit: null, branch: "main", runnerOs: "Linux" }) : 0;
  process.stdout.write("ready\n");
  const [startAt, until] = (await new Response(Bun.stdin.stream()).text()).trim().split(" ").map(Number) as [number, number];
  await Bun.sleep(Math.max(0, startAt - Date.now()));
  let written = 0;
  while (Date.now() < Number(until)) {
    if (db) {
      const at = Date.now();
      await db.insertSamples(run, Array.from({ length: SAMPLES_PER_BATCH }, (_, i) => benchSample(at + i, written + i)));
      written += SAMPLES_PER_BATCH;
    } else {
      await recordAttempt(loaded, { workflowId: "ci", runId: `${writer}-${written}`, attempt: 1, strategy: "retry", outcome: written % 3 ? "passed" : "failed", fingerprint: "f00d", category: "network", durationMs: 1000 });
      written++;
    }
  }
  db?.close();
  process.stdout.write(`${written}\n`);
}

function benchSample(at: number, seq: number): SystemSample {
  return {
    at, cpu: [seq * 30, seq * 7, 1, 0, seq * 60], cores: [[seq * 15, seq * 3, 0, 0, seq * 30], [seq * 15, seq * 4, 1, 0, seq * 30]], load1: 1.4,
    memTotal: 2 ** 33, memAvailable: 2 ** 32 + seq, swapTotal: 0, swapFree: 0, diskTotal: 2 ** 36, diskFree: 2 ** 35, diskRead: seq * 4096, diskWrite: seq * 8192, netRx: seq * 1500, netTx: seq * 900, processes: 150,
  };
}

/**
 * 1, 5 and 20 concern writers at once; for samples, checks the store holds every sample the writers
 * counted. A writer that fails makes the case a finding (undefined), not the end of the benchmark.
 */
async function runConcernCase(kind: ConcernKind, target: string, writers: number): Promise<Result | undefined> {
  await createStore(kind, target);
  const children = Array.from({ length: writers }, (_, i) =>
    Bun.spawn([process.execPath, import.meta.path, "--writer", kind, target, `w${i}`], { stdin: "pipe", stdout: "pipe", stderr: "inherit" }),
  );
  const outputs = children.map((child) => lines(child.stdout));
  await Promise.all(outputs.map((output) => output.next()));
  const startAt = Date.now() + 200;
  for (const child of children) {
    child.stdin.write(`${startAt} ${startAt + SECONDS * 1000}\n`);
    child.stdin.end();
  }
  const counts = await Promise.all(outputs.map(async (output) => Number((await output.next()).value ?? Number.NaN)));
  await Promise.all(children.map((child) => child.exited));
  const failed = children.filter((child) => child.exitCode !== 0).length;
  if (failed) {
    console.log(`${failed} of ${writers} ${kind} writers failed on ${target.startsWith("postgres") ? "PostgreSQL" : "SQLite"} (their stderr is above)`);
    return undefined;
  }
  const rows = counts.reduce((a, b) => a + b, 0);
  if (kind === "samples") {
    const db = await MetricsDatabase.open({ ...(await writerConfig(target, "w0")), allRepos: true });
    const stored = (await db.totals(0)).reduce((sum, r) => sum + r.samples, 0);
    db.close();
    if (stored !== rows) throw new Error(`writers counted ${rows} samples, the store holds ${stored}`);
  }
  const peakRssMb = Math.max(...children.map((child) => child.resourceUsage()?.maxRSS ?? 0)) / 1024 / 1024;
  return { rows, rowsPerSecond: rows / SECONDS, peakRssMb };
}

/**
 * Creates the store before the writers start, as freshTarget does: several processes creating one
 * new SQLite file at the same moment can mistake each other's half-written file for a damaged one.
 */
async function createStore(kind: ConcernKind, target: string): Promise<void> {
  const loaded = await writerConfig(target, "setup");
  if (kind === "samples") (await MetricsDatabase.open(loaded)).close();
  else (await openFeedbackLearning(loaded)).close();
}

/** A child's stdout line by line. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      yield buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
    }
  }
}

async function concernCases(cluster: PostgresCluster | undefined): Promise<void> {
  console.log("");
  console.log(`concern write paths: samples via MetricsDatabase.insertSamples (${SAMPLES_PER_BATCH} per batch), feedback items via recordAttempt (one per call, store opened per call)`);
  console.log("| writers | SQLite samples/s | PostgreSQL samples/s | PostgreSQL / SQLite | SQLite feedback items/s | PostgreSQL feedback items/s | PostgreSQL / SQLite | writer peak RSS (max) |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
  let index = 0;
  for (const writers of WRITERS) {
    const cells: string[] = [];
    let rss = 0;
    for (const kind of ["samples", "feedback"] as const) {
      const sqlite = await runConcernCase(kind, join(work, `concern-${index++}`), writers);
      const postgres = cluster ? await runConcernCase(kind, await cluster.freshDatabase(), writers) : undefined;
      rss = Math.max(rss, sqlite?.peakRssMb ?? 0, postgres?.peakRssMb ?? 0);
      const rate = (result: Result | undefined, measured: boolean) => (result ? result.rowsPerSecond.toFixed(0) : measured ? "failed" : "n/a");
      cells.push(rate(sqlite, true), rate(postgres, Boolean(cluster)), sqlite && postgres ? `${(postgres.rowsPerSecond / sqlite.rowsPerSecond).toFixed(2)}x` : "n/a");
    }
    console.log(`| ${writers} | ${cells.join(" | ")} | ${rss.toFixed(0)} MB |`);
  }
}

const work = WRITER_MODE ? resolve(process.env.CFO_BENCH_WORK ?? tmpdir()) : mkdtempSync(join(tmpdir(), "cfo-bench-storage-"));
if (WRITER_MODE) await concernWriter(process.argv.slice(3));
else await main();

async function main(): Promise<void> {
  process.env.CFO_BENCH_WORK = work;
  const cluster = postgresBinDir() ? await startCluster() : undefined;
  if (!cluster) console.log("PostgreSQL not installed (initdb not found): measuring SQLite only");
  try {
    console.log(`storage ingest: ${SECONDS} s per case, ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}); PostgreSQL: local throwaway cluster, fsync off`);
    console.log(`machine load average at start: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    console.log("| writers | per transaction | SQLite rows/s | PostgreSQL rows/s | PostgreSQL / SQLite | writer peak RSS SQLite / PostgreSQL |");
    console.log("|---:|---:|---:|---:|---:|---:|");
    let index = 0;
    for (const shape of CONCERNS_ONLY ? [] : SHAPES) {
      for (const writers of WRITERS) {
        const sqlite = await runCase(await freshTarget("sqlite", cluster, work, index++), writers, shape);
        const postgres = cluster ? await runCase(await freshTarget("postgres", cluster, work, index++), writers, shape) : undefined;
        const pg = postgres ? `${postgres.rowsPerSecond.toFixed(0)}` : "n/a";
        const ratio = postgres ? `${(postgres.rowsPerSecond / sqlite.rowsPerSecond).toFixed(2)}x` : "n/a";
        const rss = `${sqlite.peakRssMb.toFixed(0)} MB / ${postgres ? `${postgres.peakRssMb.toFixed(0)} MB` : "n/a"}`;
        console.log(`| ${writers} | ${shape.label} | ${sqlite.rowsPerSecond.toFixed(0)} | ${pg} | ${ratio} | ${rss} |`);
      }
    }
    await concernCases(cluster);
    console.log(`bench process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
