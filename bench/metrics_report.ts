// Report speed: `--report` over a database of 1,000 runs x 1,000 samples (1,000,000 samples), as a
// subprocess (wall time, peak RSS), beside a naive peer that reads every sample of the window and
// folds per-run figures in JS; then the aggregation alone, in process, against the same fold.
// Generation runs in a child process: on Linux a child's peak RSS starts at its parent's, so a bench
// process grown by generating would inflate both subprocesses' figures.
// Usage: bun bench/metrics_report.ts [--runs 1000] [--samples 1000] [--keep DIR]

import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../scripts/lib/config/load.ts";
import { buildReport, MetricsDatabase, type MetricReading } from "../scripts/metrics_collector.ts";
import { closeRun } from "../scripts/metrics_collector/close-run.ts";
import { readKeyFigures } from "../scripts/metrics_collector/key-metrics.ts";
import { cpuPercent } from "../scripts/metrics_collector/rates.ts";
import type { SystemSample } from "../scripts/metrics_collector/system-sample.ts";

const { values } = parseArgs({ options: { runs: { type: "string" }, samples: { type: "string" }, keep: { type: "string" }, peer: { type: "boolean" }, generate: { type: "boolean" } } });
const runs = Number(values.runs ?? 1000);
const perRun = Number(values.samples ?? 1000);
const root = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), "cfo-metrics-bench-"));
const HOUR = 3_600_000;

function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

async function generate(): Promise<void> {
  const loaded = await loadConfig({ projectRoot: root, env: {} });
  const db = await MetricsDatabase.open(loaded);
  const next = random(7);
  const now = Date.now();
  const began = performance.now();
  for (let r = 0; r < runs; r++) {
    const startedAt = now - (runs - r) * (6 * 24 * HOUR) / runs;
    const run = await db.ensureRun({ workflowId: `wf-${r % 4}`, runId: String(10_000 + r), attempt: 1, job: "fix", commit: null, branch: "main", runnerOs: "Linux" }, startedAt);
    const samples: SystemSample[] = [];
    let busy = 0;
    let idle = 0;
    for (let i = 0; i < perRun; i++) {
      busy += 100 * next();
      idle += 100;
      samples.push({
        at: startedAt + i * 1000, cpu: [busy, busy / 4, 1, 0, idle], cores: [[busy / 2, busy / 8, 0, 0, idle / 2], [busy / 2, busy / 8, 1, 0, idle / 2]],
        load1: 2 * next(), memTotal: 8 * 2 ** 30, memAvailable: (4 + 2 * next()) * 2 ** 30, swapTotal: 2 ** 30, swapFree: 2 ** 30,
        diskTotal: 100 * 2 ** 30, diskFree: 40 * 2 ** 30, diskRead: i * 2 ** 18, diskWrite: i * 2 ** 19, netRx: i * 2 ** 20, netTx: i * 2 ** 16, processes: 150,
      });
    }
    const readings: MetricReading[] = ["build", "test", "ai_fix", "lint"].map((step) => ({ name: `step.${step}`, kind: "timer", value: 10_000 + 50_000 * next(), unit: "ms" }));
    readings.push({ name: "ai.cost_usd", kind: "gauge", value: next(), unit: "USD" }, { name: "ai.turns", kind: "gauge", value: Math.round(20 * next()), unit: "turns" });
    await closeRun(db, run, { samples, readings, outcome: "success", endedAt: startedAt + perRun * 1000 });
    if (r % 100 === 99) process.stderr.write(`\rgenerated ${r + 1}/${runs} runs`);
  }
  db.close();
  process.stderr.write(`\rgenerated ${runs} runs x ${perRun} samples in ${((performance.now() - began) / 1000).toFixed(1)} s\n`);
}

async function timed(argv: string[]): Promise<{ ms: number; rssMb: number; stdout: string }> {
  const began = performance.now();
  const child = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe", env: { ...process.env, GITHUB_ACTIONS: undefined } });
  const stdout = await new Response(child.stdout).text();
  const stderr = await new Response(child.stderr).text();
  if ((await child.exited) !== 0) throw new Error(`${argv.join(" ")} failed: ${stderr}`);
  const ms = performance.now() - began;
  return { ms, rssMb: (child.resourceUsage()?.maxRSS ?? 0) / 2 ** 20, stdout };
}

/** The peer: every sample of the window read back and folded per run in JS. */
function naivePeer(): string {
  const db = new Database(join(root, ".github/cache/metrics/metrics.db"), { readonly: true });
  const perRunFigures = new Map<number, { first: SystemSample["cpu"]; last: SystemSample["cpu"]; peak: number }>();
  for (const row of db.query("SELECT run, cpu_user, cpu_system, cpu_iowait, cpu_steal, cpu_idle, mem_total, mem_available FROM samples WHERE at >= ? ORDER BY run, at").iterate(Date.now() - 7 * 24 * HOUR) as IterableIterator<Record<string, number>>) {
    const cpu: SystemSample["cpu"] = [row.cpu_user!, row.cpu_system!, row.cpu_iowait!, row.cpu_steal!, row.cpu_idle!];
    const entry = perRunFigures.get(row.run!) ?? { first: cpu, last: cpu, peak: 0 };
    entry.last = cpu;
    entry.peak = Math.max(entry.peak, row.mem_total! - row.mem_available!);
    perRunFigures.set(row.run!, entry);
  }
  let sum = 0;
  for (const entry of perRunFigures.values()) sum += cpuPercent(entry.first, entry.last);
  db.close();
  return `${perRunFigures.size} runs, mean CPU ${(sum / perRunFigures.size).toFixed(1)}%\n`;
}

/** Our aggregation alone, in this process: buildReport over the stored per-run figures. */
async function inProcess(): Promise<{ oursMs: number; peerMs: number }> {
  const loaded = await loadConfig({ projectRoot: root, env: {} });
  const keyFigures = await readKeyFigures(loaded, 7);
  const db = await MetricsDatabase.open(loaded);
  let began = performance.now();
  await buildReport(loaded, db, keyFigures, { days: 7 });
  const oursMs = performance.now() - began;
  db.close();
  began = performance.now();
  naivePeer();
  return { oursMs, peerMs: performance.now() - began };
}

if (values.peer) {
  process.stdout.write(naivePeer());
} else if (values.generate) {
  await generate();
} else {
  if (!existsSync(join(root, ".github/cache/metrics/metrics.db"))) {
    const child = Bun.spawn([process.execPath, import.meta.path, "--generate", "--runs", String(runs), "--samples", String(perRun), "--keep", root], { stdout: "inherit", stderr: "inherit" });
    if ((await child.exited) !== 0) throw new Error("generating the database failed");
  }
  const script = resolve(import.meta.dir, "../scripts/metrics_collector.ts");
  const ours = [process.execPath, script, "--project-root", root, "--report", "--days", "7", "--json"];
  const peer = [process.execPath, import.meta.path, "--peer", "--keep", root];
  const results = { ours: [] as { ms: number; rssMb: number }[], peer: [] as { ms: number; rssMb: number }[] };
  for (let round = 0; round < 3; round++) {
    results.ours.push(await timed(ours));
    results.peer.push(await timed(peer));
  }
  const best = (list: { ms: number; rssMb: number }[]) => ({ ms: Math.min(...list.map((r) => r.ms)), rssMb: Math.max(...list.map((r) => r.rssMb)) });
  const report = JSON.parse((await timed(ours)).stdout) as { totals: { runs: number; samples: number } };
  const o = best(results.ours);
  const p = best(results.peer);
  console.log(`database: ${report.totals.runs} runs, ${report.totals.samples} samples in the 7-day window`);
  console.log(`--report --json (subprocess, best of 3): ${o.ms.toFixed(0)} ms wall, peak RSS ${o.rssMb.toFixed(0)} MB (targets < 1000 ms, < 200 MB)`);
  console.log(`naive peer (reads every sample):        ${p.ms.toFixed(0)} ms wall, peak RSS ${p.rssMb.toFixed(0)} MB`);
  console.log(`ratio ours/peer: time ${(o.ms / p.ms).toFixed(2)}x, memory ${(o.rssMb / p.rssMb).toFixed(2)}x (both include Bun start-up; ours also config loading and the other concerns' key figures)`);
  const alone = await inProcess();
  console.log(`in-process, aggregation only: buildReport ${alone.oursMs.toFixed(0)} ms, naive fold ${alone.peerMs.toFixed(0)} ms, ratio ${(alone.oursMs / alone.peerMs).toFixed(2)}x`);
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}
