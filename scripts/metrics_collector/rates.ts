// Rates from raw counters: per-interval CPU %, memory, network and disk throughput between
// consecutive samples, the run's system summary figures, and downsampling for charts.

import type { MetricReading } from "./database.ts";
import type { CpuTimes, SystemSample } from "./system-sample.ts";

const MB = 1024 * 1024;

export interface TimelinePoint {
  at: number;
  cpuPercent: number;
  iowaitPercent: number;
  memoryPercent: number;
  memoryUsedMb: number;
  netRxKBps: number;
  netTxKBps: number;
  diskReadKBps: number;
  diskWriteKBps: number;
  load1: number;
}

/** Busy share of the CPU time between two readings, in % (0 when no time passed). */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number {
  const delta = after.map((value, i) => value - before[i]!);
  const total = delta.reduce((sum, value) => sum + value, 0);
  return total > 0 ? (100 * (total - delta[4]!)) / total : 0;
}

/** Counter growth; a counter that went back (reboot, device gone) counts from zero. */
function growth(before: number, after: number): number {
  return after >= before ? after - before : after;
}

export function timeline(samples: SystemSample[]): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]!;
    const after = samples[i]!;
    const seconds = Math.max((after.at - before.at) / 1000, 1e-3);
    const cpuDelta = after.cpu.map((value, k) => value - before.cpu[k]!);
    const cpuTotal = cpuDelta.reduce((sum, value) => sum + value, 0);
    const used = after.memTotal - after.memAvailable;
    points.push({
      at: after.at,
      cpuPercent: cpuPercent(before.cpu, after.cpu),
      iowaitPercent: cpuTotal > 0 ? (100 * cpuDelta[2]!) / cpuTotal : 0,
      memoryPercent: after.memTotal > 0 ? (100 * used) / after.memTotal : 0,
      memoryUsedMb: used / MB,
      netRxKBps: growth(before.netRx, after.netRx) / 1024 / seconds,
      netTxKBps: growth(before.netTx, after.netTx) / 1024 / seconds,
      diskReadKBps: growth(before.diskRead, after.diskRead) / 1024 / seconds,
      diskWriteKBps: growth(before.diskWrite, after.diskWrite) / 1024 / seconds,
      load1: after.load1,
    });
  }
  return points;
}

/** At most `maxPoints` points, each the mean of a bucket of consecutive points (peaks kept in CPU). */
export function downsample(points: TimelinePoint[], maxPoints: number): TimelinePoint[] {
  if (points.length <= maxPoints) return points;
  const size = points.length / maxPoints;
  const result: TimelinePoint[] = [];
  for (let b = 0; b < maxPoints; b++) {
    const bucket = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    const mean = (pick: (p: TimelinePoint) => number) => bucket.reduce((sum, p) => sum + pick(p), 0) / bucket.length;
    result.push({
      at: bucket[bucket.length - 1]!.at,
      cpuPercent: mean((p) => p.cpuPercent),
      iowaitPercent: mean((p) => p.iowaitPercent),
      memoryPercent: mean((p) => p.memoryPercent),
      memoryUsedMb: mean((p) => p.memoryUsedMb),
      netRxKBps: mean((p) => p.netRxKBps),
      netTxKBps: mean((p) => p.netTxKBps),
      diskReadKBps: mean((p) => p.diskReadKBps),
      diskWriteKBps: mean((p) => p.diskWriteKBps),
      load1: mean((p) => p.load1),
    });
  }
  return result;
}

/** The run's system figures stored at close (kind "system"), so reports never rescan samples. */
export function systemSummary(samples: SystemSample[], startedAt: number, endedAt: number): MetricReading[] {
  const readings: MetricReading[] = [{ name: "run.duration_ms", kind: "system", value: Math.max(0, endedAt - startedAt), unit: "ms" }];
  if (samples.length < 2) return readings;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const points = timeline(samples);
  const total = (pick: (s: SystemSample) => number) => samples.slice(1).reduce((sum, s, i) => sum + growth(pick(samples[i]!), pick(s)), 0);
  const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);
  const system = (name: string, value: number, unit: string): MetricReading => ({ name: `system.${name}`, kind: "system", value, unit });
  readings.push(
    system("cpu_avg_percent", cpuPercent(first.cpu, last.cpu), "%"),
    system("cpu_max_percent", max(points.map((p) => p.cpuPercent)), "%"),
    system("memory_peak_mb", max(samples.map((s) => (s.memTotal - s.memAvailable) / MB)), "MB"),
    system("swap_peak_mb", max(samples.map((s) => (s.swapTotal - s.swapFree) / MB)), "MB"),
    system("load_max", max(samples.map((s) => s.load1)), "load"),
    system("processes_max", max(samples.map((s) => s.processes)), "processes"),
    system("disk_used_percent", last.diskTotal > 0 ? (100 * (last.diskTotal - last.diskFree)) / last.diskTotal : 0, "%"),
    system("disk_read_mb", total((s) => s.diskRead) / MB, "MB"),
    system("disk_write_mb", total((s) => s.diskWrite) / MB, "MB"),
    system("net_rx_mb", total((s) => s.netRx) / MB, "MB"),
    system("net_tx_mb", total((s) => s.netTx) / MB, "MB"),
  );
  return readings;
}
