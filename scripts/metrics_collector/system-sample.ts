// One reading of the machine's raw counters: /proc and statfs on Linux (a few small file reads,
// ~0.1 ms of CPU), node:os elsewhere. Counters stay raw (CPU ticks, bytes since boot); rates are
// computed at report time from consecutive samples.

import { existsSync, readdirSync, readFileSync, statfsSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";

/** CPU time split as [user, system, iowait, steal, idle] in ticks (Linux) or ms (os fallback). */
export type CpuTimes = [number, number, number, number, number];

export interface SystemSample {
  at: number;
  cpu: CpuTimes;
  cores: CpuTimes[];
  load1: number;
  memTotal: number;
  memAvailable: number;
  swapTotal: number;
  swapFree: number;
  diskTotal: number;
  diskFree: number;
  diskRead: number;
  diskWrite: number;
  netRx: number;
  netTx: number;
  processes: number;
}

export type SystemReader = () => SystemSample;

/** A reader bound to the disk whose usage is sampled (the workspace's file system). */
export function createSystemReader(diskPath: string): SystemReader {
  if (process.platform === "linux" && existsSync("/proc/stat")) return linuxReader(diskPath);
  return portableReader(diskPath);
}

function linuxReader(diskPath: string): SystemReader {
  const disks = wholeDisks();
  return () => {
    const stat = readFileSync("/proc/stat", "latin1");
    const cores: CpuTimes[] = [];
    let cpu: CpuTimes = [0, 0, 0, 0, 0];
    // Only the leading cpu lines: the interrupt line after them can be tens of kB.
    const cpuEnd = stat.indexOf("\nintr");
    for (const line of (cpuEnd > 0 ? stat.slice(0, cpuEnd) : stat).split("\n")) {
      if (!line.startsWith("cpu")) break;
      const times = cpuLine(line);
      if (line.startsWith("cpu ")) cpu = times;
      else cores.push(times);
    }
    // A leading newline so the first key is found like the others.
    const memory = `\n${readFileSync("/proc/meminfo", "latin1")}`;
    const loadFields = readFileSync("/proc/loadavg", "latin1").split(" ");
    const diskIo = diskstats(readFileSync("/proc/diskstats", "latin1"), disks);
    const net = netdev(readFileSync("/proc/net/dev", "latin1"));
    const usage = diskUsage(diskPath);
    return {
      at: Date.now(),
      cpu,
      cores,
      load1: Number(loadFields[0]),
      memTotal: meminfo(memory, "MemTotal"),
      memAvailable: meminfo(memory, "MemAvailable") || meminfo(memory, "MemFree"),
      swapTotal: meminfo(memory, "SwapTotal"),
      swapFree: meminfo(memory, "SwapFree"),
      ...usage,
      ...diskIo,
      ...net,
      // "running/total" scheduling entities: the kernel's own count, cheaper than listing /proc.
      processes: Number(loadFields[3]?.split("/")[1] ?? 0),
    };
  };
}

/** user+nice, system+irq+softirq, iowait, steal, idle from one `cpu` line of /proc/stat. */
function cpuLine(line: string): CpuTimes {
  const f = line.split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  return [user + nice, system + irq + softirq, iowait, steal, idle];
}

/** One "Key:   123 kB" field of /proc/meminfo in bytes (0 when absent). */
function meminfo(text: string, key: string): number {
  const at = text.indexOf(`\n${key}:`);
  return at < 0 ? 0 : Number.parseInt(text.slice(at + key.length + 2, text.indexOf("\n", at + 1)).trim(), 10) * 1024;
}

/** Whole block devices (partitions would count the same bytes twice; loop and ram are not disks). */
function wholeDisks(): Set<string> {
  try {
    return new Set(readdirSync("/sys/block").filter((name) => !/^(loop|ram|zram|dm-)/.test(name)));
  } catch {
    return new Set();
  }
}

const SECTOR_BYTES = 512;

function diskstats(text: string, disks: Set<string>): { diskRead: number; diskWrite: number } {
  let diskRead = 0;
  let diskWrite = 0;
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !disks.has(f[2]!)) continue;
    diskRead += Number(f[5]) * SECTOR_BYTES;
    diskWrite += Number(f[9]) * SECTOR_BYTES;
  }
  return { diskRead, diskWrite };
}

function netdev(text: string): { netRx: number; netTx: number } {
  let netRx = 0;
  let netTx = 0;
  for (const line of text.split("\n").slice(2)) {
    const colon = line.indexOf(":");
    if (colon < 0 || line.slice(0, colon).trim() === "lo") continue;
    const f = line.slice(colon + 1).trim().split(/\s+/);
    netRx += Number(f[0]);
    netTx += Number(f[8]);
  }
  return { netRx, netTx };
}

function diskUsage(path: string): { diskTotal: number; diskFree: number } {
  try {
    const fs = statfsSync(path);
    return { diskTotal: fs.blocks * fs.bsize, diskFree: fs.bavail * fs.bsize };
  } catch {
    return { diskTotal: 0, diskFree: 0 };
  }
}

/** macOS, Windows: CPU and memory from node:os; disk and network I/O are not available there. */
function portableReader(diskPath: string): SystemReader {
  return () => {
    const cores = cpus().map(({ times }): CpuTimes => [times.user + times.nice, times.sys + times.irq, 0, 0, times.idle]);
    const cpu = cores.reduce<CpuTimes>((sum, core) => sum.map((value, i) => value + core[i]!) as CpuTimes, [0, 0, 0, 0, 0]);
    return {
      at: Date.now(),
      cpu,
      cores,
      load1: loadavg()[0] ?? 0,
      memTotal: totalmem(),
      memAvailable: freemem(),
      swapTotal: 0,
      swapFree: 0,
      ...diskUsage(diskPath),
      diskRead: 0,
      diskWrite: 0,
      netRx: 0,
      netTx: 0,
      processes: 0,
    };
  };
}
