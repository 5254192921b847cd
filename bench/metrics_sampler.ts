// Sampler overhead: CPU time per sample and RSS of cfo's background sampler (the real
// scripts/metrics_collector/sampler.ts process, launched the way --start launches it) beside a sampler
// built on systeminformation (the library workflow-telemetry-action uses) taking the same figures, in
// the same run. For scale: an idle Bun process with a timer, and our sampler under Bun's default settings.
// Usage: bun bench/metrics_sampler.ts [--seconds 20] [--interval-ms 1000] [--flush-every 1]

import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import si from "systeminformation";
import { SAMPLER_RUNTIME_ENV, samplerCommand } from "../scripts/metrics_collector/sampler.ts";
import { createSystemReader } from "../scripts/metrics_collector/system-sample.ts";

const { values } = parseArgs({ options: { seconds: { type: "string" }, "interval-ms": { type: "string" }, "flush-every": { type: "string" }, peer: { type: "string" } } });
const seconds = Number(values.seconds ?? 20);
const intervalMs = Number(values["interval-ms"] ?? 1000);
// 1 (a write per sample) is the sampler's worst case; the shipped default is metrics.flushEverySamples: 10.
const flushEvery = Number(values["flush-every"] ?? 1);

/** The peer: the same figures through systeminformation, appended to a spool the same way. */
async function peerSampler(spool: string): Promise<void> {
  const sample = async () => {
    const [load, mem, fs, io, net] = await Promise.all([si.currentLoad(), si.mem(), si.fsSize(), si.disksIO(), si.networkStats("*")]);
    appendFileSync(spool, `${JSON.stringify({ at: Date.now(), load, mem, fs, io, net, load1: loadavg()[0] })}\n`);
  };
  const timer = setInterval(() => void sample(), intervalMs);
  process.on("SIGTERM", () => {
    clearInterval(timer);
    process.exit(0);
  });
  await sample();
}

interface Measured {
  /** CPU of all the process's threads and its reaped children in the window, per sample taken in it. */
  cpuMsPerSample: number;
  /** Resident memory at the end of the window, and the process's peak (start-up included). */
  rssMb: number;
  peakRssMb: number;
  samples: number;
}

const WARM_UP_MS = 2_000;
const TICK_MS = 10;

/**
 * CPU time so far in ms: every thread's run time from its schedstat (ns precision; Bun's GC, JIT and
 * allocator threads count, not just the main thread) plus waited-for children (clock ticks).
 */
function cpuSoFar(pid: number): number {
  let threadsNs = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      threadsNs += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "latin1").split(" ")[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return threadsNs / 1e6 + (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

/** Resident memory now (VmRSS) or at its peak so far (VmHWM) in MB. */
function memoryMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "latin1"))?.[1] ?? 0) / 1024;
}

/** Samples of the spool taken inside the window (read after the process flushed and exited). */
function samplesBetween(spool: string, from: number, to: number): number {
  if (!existsSync(spool)) return 0;
  return readFileSync(spool, "utf8")
    .split("\n")
    .filter((line) => line.startsWith('{"at"'))
    .map((line) => (JSON.parse(line) as { at: number }).at)
    .filter((at) => at >= from && at < to).length;
}

/** Steady-state cost: start-up (transpiling, module loading) is excluded by a warm-up. */
async function measure(cmd: string[], env: Record<string, string | undefined>, spool?: string): Promise<Measured> {
  const child = Bun.spawn(cmd, { env, stdout: "ignore", stderr: "inherit" });
  await Bun.sleep(WARM_UP_MS);
  const from = Date.now();
  const cpuBefore = cpuSoFar(child.pid);
  await Bun.sleep(seconds * 1000);
  const cpuAfter = cpuSoFar(child.pid);
  const to = Date.now();
  const rssMb = memoryMb(child.pid, "VmRSS");
  const peakRssMb = memoryMb(child.pid, "VmHWM");
  child.kill("SIGTERM");
  await child.exited;
  const samples = spool ? samplesBetween(spool, from, to) : Math.round((to - from) / intervalMs);
  return { cpuMsPerSample: (cpuAfter - cpuBefore) / Math.max(1, samples), rssMb, peakRssMb, samples };
}

/** In-process CPU of one reading, hot, without process start-up or wake-up. */
async function inProcessCpuPerSample(read: () => unknown | Promise<unknown>, count: number): Promise<number> {
  await read();
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await read();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}

const line = (name: string, m: Measured, note = "") =>
  `${name.padEnd(44)} ${String(m.samples).padStart(3)} samples, ${m.cpuMsPerSample.toFixed(3)} ms CPU/sample, RSS ${m.rssMb.toFixed(1)} MB (peak ${m.peakRssMb.toFixed(1)} MB)${note}`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(" ");

if (values.peer) {
  await peerSampler(values.peer);
} else {
  const dir = mkdtempSync(join(tmpdir(), "cfo-sampler-bench-"));
  const options = (name: string) => ({ spool: join(dir, `${name}.jsonl`), lockFile: join(dir, `${name}.lock`), intervalMs, maxDurationMs: 3_600_000, parentPid: process.pid, diskPath: dir, flushEvery });
  const loadBefore = load();
  const idleTimer = [process.execPath, "-e", `setInterval(() => {}, ${intervalMs})`];
  const idle = await measure(idleTimer, process.env);
  const idleTuned = await measure(idleTimer, { ...process.env, ...SAMPLER_RUNTIME_ENV });
  const shipped = samplerCommand(options("ours"));
  const ours = await measure(shipped.cmd, shipped.env, options("ours").spool);
  const untuned = await measure(samplerCommand(options("untuned")).cmd, process.env, options("untuned").spool);
  const peerSpool = join(dir, "peer.jsonl");
  const peer = await measure([process.execPath, import.meta.path, "--peer", peerSpool, "--interval-ms", String(intervalMs)], process.env, peerSpool);
  const oursInProcess = await inProcessCpuPerSample(createSystemReader(dir), 2000);
  const peerInProcess = await inProcessCpuPerSample(() => Promise.all([si.currentLoad(), si.mem(), si.fsSize(), si.disksIO(), si.networkStats("*")]), 20);
  const runtime = Object.entries(SAMPLER_RUNTIME_ENV).map(([key, value]) => `${key}=${value}`).join(" ");
  console.log(`${seconds} s at ${intervalMs} ms (flush every ${flushEvery} samples) after a ${WARM_UP_MS / 1000} s warm-up; load average ${loadBefore} before, ${load()} after`);
  console.log(line("idle Bun timer, Bun defaults:", idle, " (per tick)"));
  console.log(line("idle Bun timer, sampler runtime settings:", idleTuned, " (per tick)"));
  console.log(line("cfo sampler process, as --start runs it:", ours, " (targets <= 0.5 ms, <= 40 MB)"));
  console.log(line("cfo sampler process, Bun defaults:", untuned));
  console.log(line("systeminformation sampler:", peer, " (children included)"));
  console.log(`sampler runtime settings: ${runtime}`);
  console.log(`in-process CPU per reading, hot: cfo ${oursInProcess.toFixed(3)} ms, systeminformation ${peerInProcess.toFixed(3)} ms (its child processes not counted)`);
  console.log(`ratio systeminformation/cfo: CPU per sample ${(peer.cpuMsPerSample / ours.cpuMsPerSample).toFixed(1)}x, RSS ${(peer.rssMb / ours.rssMb).toFixed(2)}x`);
  rmSync(dir, { recursive: true, force: true });
}
