// The detached background sampler started by `--start`: reads system counters every interval and
// appends them to the spool in batches. It exits on SIGTERM (`--stop`), after the maximum duration,
// or when the job that started it is gone, so a forgotten `--stop` never leaves it running.
// Deliberately imports nothing heavier than node:fs, to stay near Bun's own footprint.

import { parseArgs } from "node:util";
import { isAlive, releaseLock } from "./pid-file.ts";
import { ProcFile } from "./proc-file.ts";
import { SpoolWriter, type SamplerEnd } from "./spool.ts";
import { createSystemReader, type SystemSample } from "./system-sample.ts";

export interface SamplerOptions {
  spool: string;
  lockFile: string;
  intervalMs: number;
  maxDurationMs: number;
  /** The job's process; 0 disables the check. */
  parentPid: number;
  diskPath: string;
  flushEvery: number;
}

/**
 * Runtime settings for a tiny process that wakes once a second for hours (bench/results/metrics-sampler.md):
 * Bun's GC timer runs a collection on the helper threads after every turn that allocated (JSC's own
 * allocation-driven collection still runs: RSS stayed flat over 22,000 samples), mimalloc's purge
 * thread hands pages back only to fault them in again a second later, and JIT compilation of code that
 * runs once a second costs more than it saves.
 */
export const SAMPLER_RUNTIME_ENV = { BUN_GC_TIMER_DISABLE: "1", MIMALLOC_PURGE_DELAY: "-1", BUN_JSC_useJIT: "0" } as const;

/** The command line and environment that launch the sampler. */
export function samplerCommand(options: SamplerOptions): { cmd: string[]; env: Record<string, string | undefined> } {
  const args = Object.entries(options).flatMap(([key, value]) => [`--${key}`, String(value)]);
  return { cmd: [process.execPath, import.meta.path, ...args], env: { ...process.env, ...SAMPLER_RUNTIME_ENV } };
}

function parseSamplerArguments(argv: string[]): SamplerOptions {
  const keys = ["spool", "lockFile", "intervalMs", "maxDurationMs", "parentPid", "diskPath", "flushEvery"] as const;
  const { values } = parseArgs({ args: argv, options: Object.fromEntries(keys.map((key) => [key, { type: "string" }])), strict: true });
  const text = (key: (typeof keys)[number]) => String(values[key] ?? "");
  return {
    spool: text("spool"),
    lockFile: text("lockFile"),
    intervalMs: Number(text("intervalMs")),
    maxDurationMs: Number(text("maxDurationMs")),
    parentPid: Number(text("parentPid")),
    diskPath: text("diskPath"),
    flushEvery: Math.max(1, Number(text("flushEvery"))),
  };
}

const CLOSE_PAREN = 41;
const ZOMBIE = 90; // "Z"

/**
 * Whether the job's process is still there. On Linux its /proc/<pid>/stat stays open: one pread a
 * tick, and a pid reused by another process cannot pass for the job (reads then fail with ESRCH).
 */
function parentWatch(pid: number): () => boolean {
  if (pid <= 0) return () => true;
  let stat: ProcFile;
  try {
    stat = new ProcFile(`/proc/${pid}/stat`, 1024);
  } catch {
    return () => isAlive(pid); // no /proc, or already gone
  }
  return () => {
    try {
      stat.read();
    } catch {
      return false;
    }
    return stat.afterLast(CLOSE_PAREN, 2) !== ZOMBIE; // the state field follows the command name
  };
}

function runSampler(options: SamplerOptions): void {
  const read = createSystemReader(options.diskPath);
  const spool = new SpoolWriter(options.spool);
  const parentAlive = parentWatch(options.parentPid);
  const deadline = Date.now() + options.maxDurationMs;
  let batch: SystemSample[] = [];
  const flush = () => {
    spool.append(batch);
    batch = [];
  };
  const finish = (end: SamplerEnd) => {
    clearInterval(timer);
    flush();
    spool.end(end);
    // On SIGTERM the stopping process owns the lock; on self-exit nobody else will remove it.
    if (end !== "stopped") releaseLock(options.lockFile, process.pid);
    process.exit(0);
  };
  const tick = () => {
    batch.push(read());
    if (batch.length >= options.flushEvery) flush();
    if (Date.now() >= deadline) finish("max-duration");
    else if (!parentAlive()) finish("parent-gone");
  };
  const timer = setInterval(tick, options.intervalMs);
  process.on("SIGTERM", () => finish("stopped"));
  process.on("SIGINT", () => finish("stopped"));
  tick();
}

if (import.meta.main) runSampler(parseSamplerArguments(process.argv.slice(2)));
