// The Linux counters of a SystemSample: /proc/stat, /proc/meminfo, /proc/loadavg, /proc/net/dev and
// each whole disk's /sys/block/<disk>/stat, kept open for the life of the process and parsed from
// bytes, because the background sampler reads them every second for hours.

import { readdirSync } from "node:fs";
import { bytes, ProcFile } from "./proc-file.ts";
import type { CpuTimes, SystemSample } from "./system-sample.ts";

export type LinuxCounters = Omit<SystemSample, "at" | "diskTotal" | "diskFree">;

const SPACE = 32;
const NEWLINE = 10;
const COLON = 58;
const SLASH = 47;
const SECTOR_BYTES = 512;
const KB = 1024;

/** Files opened once per process and shared by every reader (reads are synchronous). */
const opened = new Map<string, ProcFile | null>();

function shared(path: string, initialBytes?: number): ProcFile | null {
  let file = opened.get(path);
  if (file === undefined) {
    try {
      file = new ProcFile(path, initialBytes);
    } catch {
      file = null; // a disk that went away between listing and opening
    }
    opened.set(path, file);
  }
  return file;
}

/** A reader of the counters; throws at once when /proc cannot be opened. */
export function openLinuxCounters(): () => LinuxCounters {
  const stat = shared("/proc/stat", 16384);
  const memory = shared("/proc/meminfo");
  const load = shared("/proc/loadavg", 256);
  const net = shared("/proc/net/dev");
  if (!stat || !memory || !load || !net) throw new Error("/proc is not readable");
  const disks = wholeDisks().flatMap((name) => shared(`/sys/block/${name}/stat`, 256) ?? []);
  return () => {
    const { cpu, cores } = cpuTimes(stat.read());
    const load1 = load.read().decimal();
    const processes = schedulingEntities(load);
    memory.read();
    return {
      cpu,
      cores,
      load1,
      memTotal: meminfo(memory, MEM_TOTAL),
      memAvailable: meminfo(memory, MEM_AVAILABLE) || meminfo(memory, MEM_FREE),
      swapTotal: meminfo(memory, SWAP_TOTAL),
      swapFree: meminfo(memory, SWAP_FREE),
      ...diskSectors(disks),
      ...netBytes(net.read()),
      processes,
    };
  };
}

const CPU = bytes("cpu");
const CPU_TOTAL = bytes("cpu ");

/** user+nice, system+irq+softirq, iowait, steal, idle of the leading `cpu` lines of /proc/stat. */
export function cpuTimes(stat: ProcFile): { cpu: CpuTimes; cores: CpuTimes[] } {
  let cpu: CpuTimes = [0, 0, 0, 0, 0];
  const cores: CpuTimes[] = [];
  while (stat.startsWith(CPU)) {
    const total = stat.startsWith(CPU_TOTAL);
    stat.skipPast(SPACE); // past the name, whose digits are not counters
    const user = stat.uint() + stat.uint(); // user, nice
    const system = stat.uint();
    const idle = stat.uint();
    const iowait = stat.uint();
    const times: CpuTimes = [user, system + stat.uint() + stat.uint(), iowait, stat.uint(), idle]; // irq, softirq; steal
    if (total) cpu = times;
    else cores.push(times);
    if (!stat.skipPast(NEWLINE)) break;
  }
  return { cpu, cores };
}

const MEM_TOTAL = bytes("MemTotal:");
const MEM_FREE = bytes("MemFree:");
const MEM_AVAILABLE = bytes("MemAvailable:");
const SWAP_TOTAL = bytes("SwapTotal:");
const SWAP_FREE = bytes("SwapFree:");

/** One "Key:   123 kB" field of /proc/meminfo in bytes (0 when absent); each key is unique in the file. */
export function meminfo(memory: ProcFile, key: Buffer): number {
  memory.pos = 0;
  return memory.find(key) ? memory.uint() * KB : 0;
}

/** The total after the slash of /proc/loadavg's 4th field ("running/total"): processes and threads. */
export function schedulingEntities(load: ProcFile): number {
  return load.skipPast(SLASH) ? load.uint() : 0;
}

const LOOPBACK = bytes("lo");

/** Received and sent bytes of all interfaces but loopback, from /proc/net/dev. */
export function netBytes(net: ProcFile): { netRx: number; netTx: number } {
  let netRx = 0;
  let netTx = 0;
  net.skipPast(NEWLINE); // two header lines
  net.skipPast(NEWLINE);
  while (!net.atEnd()) {
    const loopback = net.tokenIs(LOOPBACK, COLON);
    if (!net.skipPast(COLON)) break;
    const rx = net.uint();
    for (let field = 1; field < 8; field++) net.uint(); // packets ... multicast
    const tx = net.uint();
    if (!loopback) {
      netRx += rx;
      netTx += tx;
    }
    net.skipPast(NEWLINE);
  }
  return { netRx, netTx };
}

/** Read and written bytes of the whole disks: fields 3 and 7 (sectors) of /sys/block/<disk>/stat. */
export function diskSectors(disks: ProcFile[]): { diskRead: number; diskWrite: number } {
  let diskRead = 0;
  let diskWrite = 0;
  for (const disk of disks) {
    disk.read();
    disk.uint(); // reads completed
    disk.uint(); // reads merged
    diskRead += disk.uint() * SECTOR_BYTES;
    disk.uint(); // ms reading
    disk.uint(); // writes completed
    disk.uint(); // writes merged
    diskWrite += disk.uint() * SECTOR_BYTES;
  }
  return { diskRead, diskWrite };
}

/** Whole block devices (partitions would count the same bytes twice; loop and ram are not disks). */
function wholeDisks(): string[] {
  try {
    return readdirSync("/sys/block").filter((name) => !/^(loop|ram|zram|dm-)/.test(name));
  } catch {
    return [];
  }
}
