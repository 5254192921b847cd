// Shared by the feedback benchmarks: runs a script as a subprocess several times and reports the median
// wall time and the peak RSS of the child, the way a CI step would see it.

import { cpus, loadavg } from "node:os";

/** Other work on the machine shifts every figure; printed beside them. */
export function machineLoad(): string {
  return `${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(" ")}`;
}

export interface Measurement {
  medianMs: number;
  minMs: number;
  /** Median CPU time (user + system) of the child: steadier than wall time on a shared machine. */
  medianCpuMs: number;
  peakRssMB: number;
}

export async function measure(argv: string[], options: { runs: number; env?: Record<string, string>; before?: () => void | Promise<void> }): Promise<Measurement> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let peakRss = 0;
  for (let run = 0; run < options.runs; run++) {
    await options.before?.();
    const started = performance.now();
    const child = Bun.spawn(argv, { env: { ...process.env, ...options.env }, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    times.push(performance.now() - started);
    if (code !== 0) throw new Error(`${argv.join(" ")} exited ${code}: ${stderr || stdout}`);
    const usage = child.resourceUsage();
    peakRss = Math.max(peakRss, usage?.maxRSS ?? 0);
    cpuTimes.push(Number(usage?.cpuTime.total ?? 0n) / 1000);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { medianMs: median(times), minMs: Math.min(...times), medianCpuMs: median(cpuTimes), peakRssMB: peakRss / 1024 / 1024 };
}

export function row(label: string, m: Measurement): string {
  return `${label.padEnd(36)} wall median ${m.medianMs.toFixed(0).padStart(5)} ms  min ${m.minMs.toFixed(0).padStart(5)} ms  CPU median ${m.medianCpuMs.toFixed(0).padStart(5)} ms  peak RSS ${m.peakRssMB.toFixed(1)} MB`;
}

export function verdict(ms: number, targetMs = 1000): string {
  return `${ms.toFixed(0)} ms ${ms < targetMs ? "met" : "MISSED"}`;
}
