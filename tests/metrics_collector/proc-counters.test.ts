// The byte parsers of the Linux sampler (linux-counters.ts over proc-file.ts): exact values on files
// with known content, and the same figures as a plain string parse of the very bytes read from the
// real /proc and /sys files.

import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cpuTimes, diskSectors, meminfo, netBytes, schedulingEntities } from "../../scripts/metrics_collector/linux-counters.ts";
import { bytes, ProcFile } from "../../scripts/metrics_collector/proc-file.ts";
import type { CpuTimes } from "../../scripts/metrics_collector/system-sample.ts";
import { tempDir, writeFiles } from "../helpers/run.ts";

const dir = tempDir("cfo-proc-");
afterAll(() => dir.cleanup());

function file(name: string, content: string, initialBytes?: number): ProcFile {
  writeFiles(dir.path, { [name]: content });
  return new ProcFile(join(dir.path, name), initialBytes).read();
}

describe("on files with known content", () => {
  test("cpu lines: the total and each core, with core names' digits not taken for counters", () => {
    const stat = file("stat", "cpu  10 1 20 300 4 5 6 7 0 0\ncpu0 5 0 10 150 2 2 3 3 0 0\ncpu12 5 1 10 150 2 3 3 4 0 0\nintr 99 1 2\nctxt 5\n");
    expect(cpuTimes(stat)).toEqual({ cpu: [11, 31, 4, 7, 300], cores: [[5, 15, 2, 3, 150], [6, 16, 2, 4, 150]] });
  });

  test("meminfo fields in bytes, 0 for an absent key", () => {
    const memory = file("meminfo", "MemTotal:       2048 kB\nMemFree:         512 kB\nMemAvailable:   1024 kB\nSwapTotal:         0 kB\n");
    expect(meminfo(memory, bytes("MemAvailable:"))).toBe(1024 * 1024);
    expect(meminfo(memory, bytes("MemTotal:"))).toBe(2048 * 1024);
    expect(meminfo(memory, bytes("SwapFree:"))).toBe(0);
  });

  test("loadavg: the 1-minute load as Number() reads it and the scheduling entities after the slash", () => {
    const load = file("loadavg", "12.34 2.93 6.38 2/345 12345\n");
    expect(load.decimal()).toBe(12.34);
    expect(schedulingEntities(load)).toBe(345);
  });

  test("net/dev: received and sent bytes of every interface but loopback", () => {
    const header = "Inter-|   Receive |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes ...\n";
    const row = (name: string, rx: number, tx: number) => `${name.padStart(6)}: ${rx} 9 0 0 0 0 0 0 ${tx} 8 0 0 0 0 0 0\n`;
    const net = file("net", header + row("lo", 1000, 1000) + row("eth0", 20, 3) + row("lo2", 100, 40));
    expect(netBytes(net)).toEqual({ netRx: 120, netTx: 43 });
  });

  test("disk stat: sectors read and written, in bytes, summed over disks", () => {
    const sda = file("sda", "     100        2     8000      50      300       4    16000     70        0      90     120\n");
    const sdb = file("sdb", "1 0 2 0 3 0 4 0 0 0 0\n");
    expect(diskSectors([sda, sdb])).toEqual({ diskRead: 8002 * 512, diskWrite: 16004 * 512 });
  });

  test("a file larger than the buffer is read whole", () => {
    const content = `${"x".repeat(10_000)}\nend\n`;
    expect(file("big", content, 16).text()).toBe(content);
  });
});

describe.skipIf(!existsSync("/proc/stat"))("on this machine's /proc and /sys, against a plain string parse of the same bytes", () => {
  const real = (path: string) => new ProcFile(path).read();
  const numbers = (line: string) => line.trim().split(/\s+/).map(Number);

  test("/proc/stat", () => {
    const stat = real("/proc/stat");
    const lines = stat.text().split("\n").filter((line) => /^cpu\d* /.test(line));
    const expected = lines.map((line) => {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = numbers(line).slice(1) as number[];
      return [user! + nice!, system! + irq! + softirq!, iowait!, steal!, idle!] as CpuTimes;
    });
    expect(lines.length).toBeGreaterThan(1);
    expect(cpuTimes(stat)).toEqual({ cpu: expected[0]!, cores: expected.slice(1) });
  });

  test("/proc/meminfo", () => {
    const memory = real("/proc/meminfo");
    for (const key of ["MemTotal", "MemFree", "MemAvailable", "SwapTotal", "SwapFree"]) {
      const kb = Number(new RegExp(`^${key}:\\s+(\\d+) kB$`, "m").exec(memory.text())?.[1]);
      expect(meminfo(memory, bytes(`${key}:`))).toBe(kb * 1024);
    }
  });

  test("/proc/loadavg", () => {
    const load = real("/proc/loadavg");
    const fields = load.text().split(" ");
    expect(load.decimal()).toBe(Number(fields[0]));
    expect(schedulingEntities(load)).toBe(Number(fields[3]!.split("/")[1]));
  });

  test("/proc/net/dev", () => {
    const net = real("/proc/net/dev");
    let netRx = 0;
    let netTx = 0;
    for (const line of net.text().split("\n").slice(2)) {
      const [name, counters] = line.split(":");
      if (!counters || name!.trim() === "lo") continue;
      const f = numbers(counters);
      netRx += f[0]!;
      netTx += f[8]!;
    }
    expect(netBytes(net)).toEqual({ netRx, netTx });
  });

  test("/sys/block/<disk>/stat", () => {
    const disks = existsSync("/sys/block") ? readdirSync("/sys/block").map((name) => join("/sys/block", name, "stat")).filter(existsSync) : [];
    const files = disks.map(real);
    const expected = files.reduce((sum, disk) => {
      const f = numbers(disk.text());
      return { diskRead: sum.diskRead + f[2]! * 512, diskWrite: sum.diskWrite + f[6]! * 512 };
    }, { diskRead: 0, diskWrite: 0 });
    expect(diskSectors(files)).toEqual(expected);
  });

  test("a reused file reads fresh content each time", () => {
    const stat = real("/proc/stat");
    const forks = () => Number(/^processes (\d+)$/m.exec(stat.text())?.[1]);
    const before = forks();
    Bun.spawnSync(["true"]);
    expect(forks()).toBe(before);
    stat.read();
    expect(forks()).toBeGreaterThan(before);
  });
});
