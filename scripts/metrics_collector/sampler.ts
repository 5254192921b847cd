// The detached background sampler started by `--start`: reads system counters every interval and
// appends them to the spool in batches. It exits on SIGTERM (`--stop`), after the maximum duration,
// or when the job that started it is gone, so a forgotten `--stop` never leaves it running.
// Deliberately imports nothing heavier than node:fs, to stay near Bun's own footprint.

import { parseArgs } from "node:util";
import { appendEnd, appendSamples, type SamplerEnd } from "./spool.ts";
import { isAlive, releaseLock } from "./pid-file.ts";
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

export function samplerArguments(options: SamplerOptions): string[] {
  return Object.entries(options).flatMap(([key, value]) => [`--${key}`, String(value)]);
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

function runSampler(options: SamplerOptions): void {
  const read = createSystemReader(options.diskPath);
  const deadline = Date.now() + options.maxDurationMs;
  let batch: SystemSample[] = [];
  const flush = () => {
    appendSamples(options.spool, batch);
    batch = [];
  };
  const finish = (end: SamplerEnd) => {
    clearInterval(timer);
    flush();
    appendEnd(options.spool, end);
    // On SIGTERM the stopping process owns the lock; on self-exit nobody else will remove it.
    if (end !== "stopped") releaseLock(options.lockFile, process.pid);
    process.exit(0);
  };
  const tick = () => {
    batch.push(read());
    if (batch.length >= options.flushEvery) flush();
    if (Date.now() >= deadline) finish("max-duration");
    else if (options.parentPid > 0 && !isAlive(options.parentPid)) finish("parent-gone");
  };
  const timer = setInterval(tick, options.intervalMs);
  process.on("SIGTERM", () => finish("stopped"));
  process.on("SIGINT", () => finish("stopped"));
  tick();
}

if (import.meta.main) runSampler(parseSamplerArguments(process.argv.slice(2)));
