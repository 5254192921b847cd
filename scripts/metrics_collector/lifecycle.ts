// --start and --stop across workflow steps: --start takes the pid/lock file and launches the
// detached sampler, --stop signals it, adds a final sample and the custom metrics and closes the run.
// Spools left by samplers that ended on their own are picked up and closed as "abandoned".

import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { LoadedConfig } from "../lib/config/load.ts";
import { closeRun, type ClosedRun } from "./close-run.ts";
import { collectCustomMetrics } from "./custom.ts";
import type { MetricReading, MetricsDatabase } from "./database.ts";
import { createLock, isAlive, readLock, releaseLock, writeLock, type SamplerLock } from "./pid-file.ts";
import type { RunMetadata, RunOutcome } from "./run-metadata.ts";
import { samplerCommand } from "./sampler.ts";
import { readSpool } from "./spool.ts";
import { createSystemReader } from "./system-sample.ts";

const STOP_WAIT_MS = 5_000;

function metricsDir(loaded: LoadedConfig): string {
  return join(loaded.cacheRoot, "metrics");
}

function lockFile(loaded: LoadedConfig): string {
  return join(metricsDir(loaded), "sampler.json");
}

function spoolDir(loaded: LoadedConfig): string {
  return join(metricsDir(loaded), "spool");
}

export type StartResult = { status: "started" | "already-running"; lock: SamplerLock };

export async function startSampler(loaded: LoadedConfig, db: MetricsDatabase, meta: RunMetadata, parentPid?: number): Promise<StartResult> {
  const file = lockFile(loaded);
  mkdirSync(spoolDir(loaded), { recursive: true });
  if (!createLock(file)) {
    const running = liveSampler(file);
    if (running) return { status: "already-running", lock: running };
    releaseLock(file);
    if (!createLock(file)) return { status: "already-running", lock: readLock(file)! };
  }
  try {
    await pickUpEndedSpools(loaded, db);
    const run = await db.ensureRun(meta);
    const spool = join(spoolDir(loaded), `run-${run}.jsonl`);
    const { metrics } = loaded.config;
    const sampler = samplerCommand({
      spool,
      lockFile: file,
      intervalMs: Math.round(metrics.intervalSeconds * 1000),
      maxDurationMs: Math.round(metrics.maxDurationHours * 3_600_000),
      parentPid: parentPid ?? jobProcess(),
      diskPath: resolve(loaded.projectRoot, metrics.diskPath),
      flushEvery: metrics.flushEverySamples,
    });
    const child = Bun.spawn(sampler.cmd, { env: sampler.env, stdio: ["ignore", "ignore", "ignore"], detached: true });
    child.unref();
    const lock: SamplerLock = { pid: child.pid, run, meta, workflowId: meta.workflowId, runId: meta.runId, spool, startedAt: Date.now() };
    writeFileSync(runFileOf(spool), JSON.stringify(lock));
    writeLock(file, lock);
    return { status: "started", lock };
  } catch (error) {
    releaseLock(file);
    throw error;
  }
}

export type StopResult = { status: "stopped"; closed: ClosedRun; samples: number } | { status: "not-running" };

export async function stopSampler(loaded: LoadedConfig, db: MetricsDatabase, outcome: RunOutcome | null, extra: MetricReading[]): Promise<StopResult> {
  const file = lockFile(loaded);
  const lock = readLock(file);
  if (!lock) {
    await pickUpEndedSpools(loaded, db);
    return { status: "not-running" };
  }
  if (isSampler(lock.pid)) await terminate(lock.pid);
  releaseLock(file);
  const { samples } = readSpool(lock.spool);
  samples.push(createSystemReader(resolve(loaded.projectRoot, loaded.config.metrics.diskPath))());
  const custom = await collectCustomMetrics(loaded);
  const run = lock.meta ? await db.ensureRun(lock.meta, lock.startedAt) : lock.run;
  const closed = await closeRun(db, run, { samples, readings: [...custom, ...extra], outcome });
  unlinkIfPresent(lock.spool);
  unlinkIfPresent(runFileOf(lock.spool));
  return { status: "stopped", closed, samples: samples.length };
}

/** The running sampler named by the lock file, if the lock is not stale. */
function liveSampler(file: string): SamplerLock | undefined {
  const lock = readLock(file);
  return lock && isSampler(lock.pid) ? lock : undefined;
}

export function activeSampler(loaded: LoadedConfig): SamplerLock | undefined {
  return liveSampler(lockFile(loaded));
}

/** Spools whose sampler exited on its own (max duration, job gone, killed) become closed runs. */
export async function pickUpEndedSpools(loaded: LoadedConfig, db: MetricsDatabase): Promise<number> {
  const dir = spoolDir(loaded);
  if (!existsSync(dir)) return 0;
  const active = activeSampler(loaded)?.spool;
  let closedRuns = 0;
  for (const name of readdirSync(dir)) {
    const spool = join(dir, name);
    const spooledRun = Number(/^run-(\d+)\.jsonl$/.exec(name)?.[1]);
    if (spool === active || !Number.isInteger(spooledRun)) continue;
    const { samples } = readSpool(spool);
    const started = readLock(runFileOf(spool));
    const run = started?.meta ? await db.ensureRun(started.meta, started.startedAt) : spooledRun;
    const row = await db.run(run);
    if (row && row.endedAt === null) {
      await closeRun(db, run, { samples, readings: [], outcome: "abandoned", endedAt: samples[samples.length - 1]?.at });
      closedRuns++;
    }
    unlinkIfPresent(spool);
    unlinkIfPresent(runFileOf(spool));
  }
  return closedRuns;
}

/** Beside each spool, the lock it was started under: its run's metadata outlives the lock file. */
function runFileOf(spool: string): string {
  return spool.replace(/\.jsonl$/, ".run.json");
}

/** A live process running our sampler (the pid may have been reused by something else). */
function isSampler(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  return !existsSync("/proc/self/cmdline") || (existsSync(cmdline) && readFileSync(cmdline, "latin1").includes("sampler.ts"));
}

async function terminate(pid: number): Promise<void> {
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + STOP_WAIT_MS;
  while (isAlive(pid) && Date.now() < deadline) await Bun.sleep(20);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

/**
 * The process whose end means the job is over: the Actions runner's worker when there is one
 * (each step's shell exits long before the job ends), else the shell that ran --start.
 */
function jobProcess(): number {
  let pid = process.ppid;
  for (let depth = 0; depth < 32 && pid > 1; depth++) {
    const stat = readStat(pid);
    if (!stat) break;
    if (stat.comm.startsWith("Runner.Worker")) return pid;
    pid = stat.ppid;
  }
  return process.ppid;
}

function readStat(pid: number): { comm: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "latin1");
    const close = text.lastIndexOf(")");
    return { comm: text.slice(text.indexOf("(") + 1, close), ppid: Number(text.slice(close + 2).split(" ")[1]) };
  } catch {
    return undefined;
  }
}

function unlinkIfPresent(file: string): void {
  if (existsSync(file)) unlinkSync(file);
}
