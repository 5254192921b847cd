// Real log text for the large-log test (LogChunks' Travis logs, read in place from ../shared) and a
// subprocess runner that reports the child's peak resident memory.

import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { bunBinary, repoRoot } from "../helpers/run.ts";

const logChunks = join(repoRoot, "../shared/corpora/logchunks/logs");

/** At least `bytes` of real CI log text: LogChunks logs gunzipped, in a stable order. */
export function logChunksSample(bytes: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  for (const file of gzipFiles(logChunks)) {
    const text = gunzipSync(readFileSync(file));
    parts.push(text);
    total += text.length;
    if (total >= bytes) break;
  }
  if (total === 0) throw new Error(`no LogChunks logs under ${logChunks}`);
  return Buffer.concat(parts);
}

function gzipFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return gzipFiles(path);
      return name.endsWith(".gz") ? [path] : [];
    });
}

export interface MeasuredRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  peakRssKb: number;
}

/**
 * Runs `bun scripts/<script>.ts` and returns its peak RSS: GNU time's %M when installed, else
 * VmHWM from /proc/<pid>/status polled until the child exits.
 */
export async function peakRssOfScript(script: string, args: string[], env: Record<string, string>): Promise<MeasuredRun> {
  const command = [bunBinary, join(repoRoot, "scripts", `${script}.ts`), ...args];
  const timeReport = join(tmpdir(), `cfo-e2e-time-${process.pid}-${Date.now()}.txt`);
  const gnuTime = existsSync("/usr/bin/time");
  const child = Bun.spawn(gnuTime ? ["/usr/bin/time", "-f", "%M", "-o", timeReport, ...command] : command, {
    cwd: repoRoot,
    env: { ...process.env, GITHUB_ACTIONS: undefined, CI: "true", ...env },
    stdout: "pipe",
    stderr: "pipe",
    timeout: 40_000,
  });
  let polledKb = 0;
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (hwm) polledKb = Math.max(polledKb, Number(hwm[1]));
    } catch {
      // The child has exited between polls.
    }
  }, 25);
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  clearInterval(poll);
  const peakRssKb = gnuTime ? Number(readFileSync(timeReport, "utf8").trim().split("\n").at(-1)) : polledKb;
  rmSync(timeReport, { force: true });
  return { exitCode, stdout, stderr, peakRssKb };
}
