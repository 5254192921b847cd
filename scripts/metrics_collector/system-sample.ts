// One reading of the machine's raw counters: /proc, /sys and statfs on Linux (linux-counters.ts, a
// few preads), node:os elsewhere. Counters stay raw (CPU ticks, bytes since boot); rates are
// computed at report time from consecutive samples.

import { existsSync, statfsSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { openLinuxCounters } from "./linux-counters.ts";

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
  /** Processes and threads that exist (Linux: /proc/loadavg's scheduling entities). */
  processes: number;
}

export type SystemReader = () => SystemSample;

/** A reader bound to the disk whose usage is sampled (the workspace's file system). */
export function createSystemReader(diskPath: string): SystemReader {
  if (process.platform === "linux" && existsSync("/proc/stat")) {
    const counters = openLinuxCounters();
    return () => ({ at: Date.now(), ...counters(), ...diskUsage(diskPath) });
  }
  return portableReader(diskPath);
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
