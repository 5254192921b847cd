// Sampler overhead: CPU time per sample and RSS of cfo's background sampler (the real
// scripts/metrics_collector/sampler.ts process) beside a sampler built on systeminformation (the
// library workflow-telemetry-action uses) taking the same figures, in the same run.
// Usage: bun bench/metrics_sampler.ts [--seconds 10] [--interval-ms 200]

import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import si from "systeminformation";
import { samplerArguments } from "../scripts/metrics_collector/sampler.ts";
import { createSystemReader } from "../scripts/metrics_collector/system-sample.ts";

const { values } = parseArgs({ options: { seconds: { type: "string" }, "interval-ms": { type: "string" }, peer: { type: "string" } } });
const seconds = Number(values.seconds ?? 10);
const intervalMs = Number(values["interval-ms"] ?? 200);

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
  /** CPU of the process and its reaped children between two snapshots, per sample taken meanwhile. */
  cpuMsPerSample: number;
  /** Resident memory at the end of the run. */
  rssMb: number;
  peakRssMb: number;
  samples: number;
}

const WARM_UP_MS = 2_000;
const TICK_MS = 10;

/** CPU time so far in ms: own run time from schedstat (ns precision) plus waited-for children (ticks). */
function cpuSoFar(pid: number): number {
  const ownNs = Number(readFileSync(`/proc/${pid}/schedstat`, "latin1").split(" ")[0]);
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const childrenTicks = Number(fields[13]) + Number(fields[14]);
  return ownNs / 1e6 + childrenTicks * TICK_MS;
}

function spooled(spool: string): number {
  return existsSync(spool) ? readFileSync(spool, "utf8").split("\n").filter((line) => line.startsWith('{"at"')).length : 0;
}

/** Steady-state cost: start-up (transpiling, module loading) is excluded by a warm-up. */
async function measure(argv: string[], spool: string): Promise<Measured> {
  const child = Bun.spawn(argv, { stdout: "ignore", stderr: "inherit" });
  await Bun.sleep(WARM_UP_MS);
  const cpuBefore = cpuSoFar(child.pid);
  const samplesBefore = spooled(spool);
  await Bun.sleep(seconds * 1000);
  const cpuAfter = cpuSoFar(child.pid);
  const samples = spooled(spool) - samplesBefore;
  const liveRss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "latin1"))?.[1] ?? 0) / 1024;
  child.kill("SIGTERM");
  await child.exited;
  return { cpuMsPerSample: (cpuAfter - cpuBefore) / Math.max(1, samples), rssMb: liveRss, peakRssMb: child.resourceUsage()!.maxRSS / 2 ** 20, samples };
}

/** An idle Bun process with a timer at the same pace: the runtime's own cost, for scale. */
async function idleBun(): Promise<{ rssMb: number; cpuMsPerTick: number }> {
  const child = Bun.spawn([process.execPath, "-e", `setInterval(() => {}, ${intervalMs})`], { stdout: "ignore" });
  await Bun.sleep(WARM_UP_MS);
  const before = cpuSoFar(child.pid);
  await Bun.sleep(seconds * 1000);
  const cpuMsPerTick = (cpuSoFar(child.pid) - before) / ((seconds * 1000) / intervalMs);
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "latin1"))?.[1] ?? 0) / 1024;
  child.kill();
  await child.exited;
  return { rssMb, cpuMsPerTick };
}

/** In-process CPU of one reading, without process start-up: the figure the 0.5 ms target is about. */
async function inProcessCpuPerSample(read: () => unknown | Promise<unknown>, count: number): Promise<number> {
  await read();
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await read();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}

if (values.peer) {
  await peerSampler(values.peer);
} else {
  const dir = mkdtempSync(join(tmpdir(), "cfo-sampler-bench-"));
  const ourSpool = join(dir, "ours.jsonl");
  const peerSpool = join(dir, "peer.jsonl");
  const sampler = resolve(import.meta.dir, "../scripts/metrics_collector/sampler.ts");
  const args = samplerArguments({ spool: ourSpool, lockFile: join(dir, "lock.json"), intervalMs, maxDurationMs: 3_600_000, parentPid: process.pid, diskPath: dir, flushEvery: 1 });
  const idle = await idleBun();
  const ours = await measure([process.execPath, sampler, ...args], ourSpool);
  const peer = await measure([process.execPath, import.meta.path, "--peer", peerSpool, "--interval-ms", String(intervalMs)], peerSpool);
  const oursInProcess = await inProcessCpuPerSample(createSystemReader(dir), 2000);
  const peerInProcess = await inProcessCpuPerSample(() => Promise.all([si.currentLoad(), si.mem(), si.fsSize(), si.disksIO(), si.networkStats("*")]), 20);
  console.log(`${seconds} s at ${intervalMs} ms after a ${WARM_UP_MS / 1000} s warm-up; for scale, an idle Bun process with a timer at that pace: ${idle.cpuMsPerTick.toFixed(3)} ms CPU/tick, ${idle.rssMb.toFixed(1)} MB RSS`);
  console.log(`cfo sampler process:       ${ours.samples} samples, ${ours.cpuMsPerSample.toFixed(3)} ms CPU/sample, RSS ${ours.rssMb.toFixed(1)} MB (peak ${ours.peakRssMb.toFixed(1)} MB) (targets <= 0.5 ms, <= 40 MB)`);
  console.log(`systeminformation sampler: ${peer.samples} samples, ${peer.cpuMsPerSample.toFixed(3)} ms CPU/sample (children included), RSS ${peer.rssMb.toFixed(1)} MB (peak ${peer.peakRssMb.toFixed(1)} MB)`);
  console.log(`in-process CPU per reading: cfo ${oursInProcess.toFixed(3)} ms, systeminformation ${peerInProcess.toFixed(3)} ms (its child processes not counted)`);
  console.log(`ratio systeminformation/cfo: CPU per sample ${(peer.cpuMsPerSample / ours.cpuMsPerSample).toFixed(1)}x, RSS ${(peer.rssMb / ours.rssMb).toFixed(2)}x`);
  rmSync(dir, { recursive: true, force: true });
}
