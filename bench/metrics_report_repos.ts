// `--report --all-repos` over a shared store of many repositories (default 200 repositories x 5 runs
// x 10,000 samples = 10 million samples, 10 custom metrics per run) on PostgreSQL and on SQLite, in
// the same run: the report subprocess's wall time, CPU time and peak RSS per backend, and the ratio.
// The data is generated once, through MetricsDatabase (multi-row INSERTs, one transaction per run),
// into bench/.work/metrics-repos/, and reused; the PostgreSQL cluster lives there too and is started
// and stopped around each run. The peer, on the same data: what a report that aggregates the samples
// themselves would pay, one per-run GROUP BY over every sample of the window (in process, once).
// Generation runs in a child process: on Linux a child's peak RSS starts
// at its parent's, so a bench process grown by generating would inflate the report's figure.
// Usage: bun bench/metrics_report_repos.ts [--repos 200] [--runs 5] [--samples 10000] [--rounds 3] [--backend both|sqlite|postgres]

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../scripts/lib/config/load.ts";
import { MetricsDatabase, type MetricReading } from "../scripts/metrics_collector.ts";
import { systemSummary } from "../scripts/metrics_collector/rates.ts";
import type { SystemSample } from "../scripts/metrics_collector/system-sample.ts";
import { clusterAt, postgresBinDir, startCluster } from "../tests/helpers/postgres.ts";

const { values } = parseArgs({
  options: { repos: { type: "string" }, runs: { type: "string" }, samples: { type: "string" }, rounds: { type: "string" }, backend: { type: "string" }, generate: { type: "string" }, url: { type: "string" } },
});
const REPOS = Number(values.repos ?? 200);
const RUNS = Number(values.runs ?? 5);
const SAMPLES = Number(values.samples ?? 10_000);
const ROUNDS = Number(values.rounds ?? 3);
const BACKENDS = values.backend === "sqlite" || values.backend === "postgres" ? [values.backend] : ["sqlite", "postgres"];
const CUSTOM_METRICS = 10;
const DAY = 86_400_000;
const work = resolve(import.meta.dir, ".work/metrics-repos", `${REPOS}x${RUNS}x${SAMPLES}`);
const script = resolve(import.meta.dir, "../scripts/metrics_collector.ts");

interface Dataset {
  runs: number;
  samples: number;
  metrics: number;
  generateSeconds: number;
}

function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/** One run's samples, 1 s apart: cumulative CPU, disk and network counters as /proc gives them. */
function runSamples(startedAt: number, next: () => number): SystemSample[] {
  const samples: SystemSample[] = [];
  let busy = 0;
  let idle = 0;
  for (let i = 0; i < SAMPLES; i++) {
    busy += 100 * next();
    idle += 100;
    samples.push({
      at: startedAt + i * 1000, cpu: [busy, busy / 4, 1, 0, idle], cores: [[busy / 2, busy / 8, 0, 0, idle / 2], [busy / 2, busy / 8, 1, 0, idle / 2]],
      load1: 2 * next(), memTotal: 8 * 2 ** 30, memAvailable: Math.round((4 + 2 * next()) * 2 ** 30), swapTotal: 2 ** 30, swapFree: 2 ** 30,
      diskTotal: 100 * 2 ** 30, diskFree: 40 * 2 ** 30, diskRead: i * 2 ** 18, diskWrite: i * 2 ** 19, netRx: i * 2 ** 20, netTx: i * 2 ** 16, processes: 150,
    });
  }
  return samples;
}

/** Every repository's runs through MetricsDatabase, as runners would write them (one store open per repository). */
async function generate(projectRoot: string, url: string | undefined): Promise<Dataset> {
  const began = performance.now();
  const next = random(11);
  const now = Date.now();
  for (let r = 0; r < REPOS; r++) {
    const repository = `org-${r % 7}/repo-${r}`;
    const loaded = await loadConfig({ projectRoot, env: url ? { CFO_DATABASE_URL: url } : {}, flags: [{ path: ["repository"], value: repository, flag: "--repo" }] });
    const db = await MetricsDatabase.open(loaded);
    for (let k = 0; k < RUNS; k++) {
      const startedAt = now - 6 * DAY + (k * REPOS + r) * Math.floor((5 * DAY) / (RUNS * REPOS));
      const endedAt = startedAt + SAMPLES * 1000;
      const run = await db.ensureRun({ workflowId: `wf-${r % 3}`, runId: String(1000 + k), attempt: 1, job: "fix", commit: null, branch: "main", runnerOs: "Linux" }, startedAt);
      const samples = runSamples(startedAt, next);
      await db.insertSamples(run, samples);
      const custom = Array.from({ length: CUSTOM_METRICS }, (_, m): MetricReading => (m % 2 ? { name: `step.s${m}`, kind: "timer", value: 10_000 + 50_000 * next(), unit: "ms" } : { name: `custom.g${m}`, kind: "gauge", value: 100 * next() }));
      await db.recordMetrics(run, [...custom, ...systemSummary(samples, startedAt, endedAt)]);
      await db.closeRun(run, endedAt, "success");
    }
    db.close();
    process.stderr.write(`\r${url ? "PostgreSQL" : "SQLite"}: generated ${r + 1}/${REPOS} repositories`);
  }
  const generateSeconds = (performance.now() - began) / 1000;
  process.stderr.write(` in ${generateSeconds.toFixed(0)} s\n`);
  const loaded = await loadConfig({ projectRoot, env: url ? { CFO_DATABASE_URL: url } : {} });
  const db = await MetricsDatabase.open(loaded);
  const count = async (table: string) => (await db.store.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
  const dataset = { runs: await count("runs"), samples: await count("samples"), metrics: await count("metrics"), generateSeconds };
  db.close();
  return dataset;
}

/** The dataset of `dir`, generated first (by a child process) when no complete one is there. */
async function dataset(dir: string, url: string | undefined): Promise<Dataset> {
  const marker = join(dir, "dataset.json");
  if (!existsSync(marker)) {
    const sizes = ["--repos", String(REPOS), "--runs", String(RUNS), "--samples", String(SAMPLES)];
    const child = Bun.spawn([process.execPath, import.meta.path, ...sizes, "--generate", dir, ...(url ? ["--url", url] : [])], { stdout: "inherit", stderr: "inherit" });
    if ((await child.exited) !== 0) throw new Error(`generating ${dir} failed`);
  }
  return JSON.parse(readFileSync(marker, "utf8")) as Dataset;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  stdout: string;
}

async function timedReport(projectRoot: string, url: string | undefined): Promise<Timing> {
  const began = performance.now();
  const child = Bun.spawn([process.execPath, script, "--project-root", projectRoot, "--report", "--all-repos", "--days", "7", "--json"], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, GITHUB_ACTIONS: undefined, GITHUB_REPOSITORY: undefined, CFO_DATABASE_URL: url },
  });
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
  if ((await child.exited) !== 0) throw new Error(`--report failed: ${stderr}`);
  const wallMs = performance.now() - began;
  const usage = child.resourceUsage()!;
  return { wallMs, cpuMs: Number(usage.cpuTime.user + usage.cpuTime.system) / 1000, rssMb: usage.maxRSS / 2 ** 20, stdout };
}

/** PostgreSQL keeps its data under `dir` between runs: started (created the first time) here, stopped after. */
async function serverAt(dir: string): Promise<{ url: string; stop(): void }> {
  if (!existsSync(join(dir, "url"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await startCluster(dir);
  } else {
    pgCtl(dir, ["-o", serverSettings(dir), "-w", "-t", "60", "start"]);
  }
  return { url: clusterAt(dir).url(), stop: () => pgCtl(dir, ["-m", "fast", "-w", "stop"]) };
}

/** The settings tests/helpers/postgres.ts starts a throwaway cluster with, on the port it chose. */
function serverSettings(dir: string): string {
  const port = new URL(readFileSync(join(dir, "url"), "utf8").trim()).port;
  return `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
}

function pgCtl(dir: string, args: string[]): void {
  const asOwner = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  const result = Bun.spawnSync([...asOwner, join(postgresBinDir()!, "pg_ctl"), "-D", join(dir, "data"), "-l", join(dir, "server.log"), ...args], { stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`pg_ctl ${args.at(-1)} failed: ${result.stderr.toString()}${result.stdout.toString()}`);
}

/** The peer query: per-run figures straight from the samples, as a report without stored per-run rows would read them. */
async function samplesGroupByMs(projectRoot: string, url: string | undefined): Promise<number> {
  const db = await MetricsDatabase.open({ ...(await loadConfig({ projectRoot, env: url ? { CFO_DATABASE_URL: url } : {} })), allRepos: true });
  try {
    const began = performance.now();
    const rows = await db.store.all(
      "SELECT s.run, count(*) AS n, max(s.mem_total - s.mem_available) AS peak, max(s.load1) AS load FROM samples s JOIN runs r ON r.id = s.run WHERE r.started_at >= ? GROUP BY s.run",
      [Date.now() - 7 * DAY],
    );
    if (rows.length !== RUNS * REPOS) throw new Error(`peer query returned ${rows.length} runs`);
    return performance.now() - began;
  } finally {
    db.close();
  }
}

interface Measured {
  backend: string;
  data: Dataset;
  best: Timing;
  peerMs: number;
  repositories: number;
  reportSamples: number;
}

async function measure(backend: string): Promise<Measured | undefined> {
  const dir = join(work, backend);
  mkdirSync(dir, { recursive: true });
  if (backend === "postgres" && !postgresBinDir()) {
    console.log("PostgreSQL not installed (initdb not found): skipped");
    return undefined;
  }
  const server = backend === "postgres" ? await serverAt(join(dir, "cluster")) : undefined;
  try {
    const data = await dataset(dir, server?.url);
    const timings: Timing[] = [];
    for (let round = 0; round < ROUNDS; round++) timings.push(await timedReport(dir, server?.url));
    const best = timings.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    best.rssMb = Math.max(...timings.map((t) => t.rssMb));
    const report = JSON.parse(best.stdout) as { totals: { repositories: number; samples: number } };
    const peerMs = await samplesGroupByMs(dir, server?.url);
    return { backend, data, best, peerMs, repositories: report.totals.repositories, reportSamples: report.totals.samples };
  } finally {
    server?.stop();
  }
}

if (values.generate) {
  writeFileSync(join(values.generate, "dataset.json"), JSON.stringify(await generate(values.generate, values.url)));
  process.exit(0);
}

console.log(`--report --all-repos: ${REPOS} repositories x ${RUNS} runs x ${SAMPLES} samples, ${CUSTOM_METRICS} custom metrics per run; best of ${ROUNDS}`);
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
const results: Measured[] = [];
for (const backend of BACKENDS) {
  const measured = await measure(backend);
  if (measured) results.push(measured);
}
console.log("| backend | repositories | runs | samples | metric rows | generate (once) | report wall (best) | report CPU user+sys | report peak RSS | peer: per-run GROUP BY over the samples | report / peer |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of results) {
  console.log(`| ${r.backend} | ${r.repositories} | ${r.data.runs} | ${r.reportSamples} | ${r.data.metrics} | ${r.data.generateSeconds.toFixed(0)} s | ${r.best.wallMs.toFixed(0)} ms | ${r.best.cpuMs.toFixed(0)} ms | ${r.best.rssMb.toFixed(0)} MB | ${r.peerMs.toFixed(0)} ms | ${(r.best.wallMs / r.peerMs).toFixed(2)}x |`);
}
const [sqlite, postgres] = [results.find((r) => r.backend === "sqlite"), results.find((r) => r.backend === "postgres")];
if (sqlite && postgres) {
  console.log(`ratio PostgreSQL / SQLite: wall ${(postgres.best.wallMs / sqlite.best.wallMs).toFixed(2)}x, client CPU ${(postgres.best.cpuMs / sqlite.best.cpuMs).toFixed(2)}x, peak RSS ${(postgres.best.rssMb / sqlite.best.rssMb).toFixed(2)}x (PostgreSQL's own server CPU is not in the client's figure)`);
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
