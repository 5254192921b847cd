// error_parser throughput and peak memory on a large real log (the LogChunks logs concatenated to ~1 GB),
// beside `grep -E -c` running the same keyword prefilter on the same file in the same run. CPU time (user + sys)
// is printed beside wall time: on a shared machine it is the steadier figure.
// Usage: bun bench/error_speed.ts [--size-mb 1024] [--runs 1] [--cpu-prof] [--cold]

import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PREFILTER } from "../scripts/error_parser/prefilter.ts";

const root = join(import.meta.dir, "..");
const work = join(import.meta.dir, ".work");
const logchunks = join(root, "../shared/corpora/logchunks/logs");
const MB = 1024 * 1024;

/**
 * The parser's keyword prefilter as a POSIX extended regex for GNU grep in the C locale: groups lose `?:`, `\d`
 * becomes `[0-9]`, and a class of non-ASCII characters becomes an alternation (a C-locale class would match bytes).
 */
function prefilterForGrep(prefilter: RegExp): string {
  if (/\(\?[=!<]/.test(prefilter.source)) throw new Error("the prefilter uses lookaround, which grep -E cannot run");
  return prefilter.source
    .replaceAll("(?:", "(")
    .replaceAll("\\d", "[0-9]")
    .replace(/\[([^\]\\^-]*[^\x00-\x7f][^\]\\^-]*)\]/g, (_class, chars: string) => `(${[...chars].join("|")})`);
}

interface Measurement { tool: string; seconds: number; cpuSeconds: number; maxRssBytes: number; output: string }

/** The LogChunks logs, gunzipped, written in a fixed order and repeated until the file reaches `sizeMb`. */
async function ensureBigLog(sizeMb: number): Promise<string> {
  const path = join(work, `logchunks-${sizeMb}MB.log`);
  const target = sizeMb * MB;
  if (existsSync(path) && statSync(path).size === target) return path;
  mkdirSync(work, { recursive: true });
  const sources = [...new Bun.Glob("**/*.log.gz").scanSync({ cwd: logchunks })].sort();
  const logs = sources.map((s) => Bun.gunzipSync(readFileSync(join(logchunks, s))));
  const partial = `${path}.partial`;
  const writer = Bun.file(partial).writer();
  let written = 0;
  for (let i = 0; written < target; i = (i + 1) % logs.length) {
    const log = logs[i]!.subarray(0, target - written);
    writer.write(log);
    written += log.byteLength;
  }
  await writer.end();
  renameSync(partial, path);
  return path;
}

/**
 * Runs a command under GNU time for its peak RSS: the rusage of a child spawned straight from this process would
 * also count the RSS this process had when it forked (Linux keeps the pre-exec high-water mark).
 */
async function measure(tool: string, argv: string[], env?: Record<string, string>): Promise<Measurement> {
  const rssFile = join(work, "peak-rss.txt");
  const started = performance.now();
  const child = Bun.spawn(["/usr/bin/time", "-f", "%M %U %S", "-o", rssFile, ...argv], {
    cwd: root, stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env },
  });
  const [output, errors, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  const seconds = (performance.now() - started) / 1000;
  // grep exits 1 when nothing matched; anything else non-zero is a failed run.
  if (code !== 0 && !(tool.includes("grep") && code === 1)) throw new Error(`${tool} exited with ${code}: ${errors.slice(0, 2000)}`);
  const [rssKb, user, sys] = readFileSync(rssFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
  return { tool, seconds, cpuSeconds: user! + sys!, maxRssBytes: rssKb! * 1024, output };
}

/** Guards the comparison: on the log's first 16 MB, grep and the parser's RegExp must select the same lines. */
async function checkSamePrefilter(log: string, grepArgs: string[]): Promise<void> {
  const sample = join(work, "prefilter-sample.log");
  const head = new TextDecoder().decode(await Bun.file(log).slice(0, 16 * MB).arrayBuffer());
  const lines = head.slice(0, head.lastIndexOf("\n")).split("\n");
  await Bun.write(sample, `${lines.join("\n")}\n`);
  const grepCount = Number((await measure("grep", ["grep", ...grepArgs, sample], { LC_ALL: "C" })).output.trim());
  const jsCount = lines.filter((l) => PREFILTER.test(l)).length;
  if (grepCount !== jsCount) throw new Error(`grep selects ${grepCount} lines of the sample, the parser's PREFILTER ${jsCount}`);
}

/** The fastest of `runs` runs, with the highest peak RSS seen in any of them. */
async function best(runs: number, run: () => Promise<Measurement>): Promise<Measurement> {
  const all: Measurement[] = [];
  for (let i = 0; i < runs; i++) all.push(await run());
  const fastest = all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, maxRssBytes: Math.max(...all.map((m) => m.maxRssBytes)) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "size-mb": { type: "string", default: "1024" },
      runs: { type: "string", default: "1" },
      "cpu-prof": { type: "boolean", default: false },
      cold: { type: "boolean", default: false },
    },
  });
  const loadAtStart = loadavg()[0]!.toFixed(1);
  const sizeMb = Number(values["size-mb"]);
  const runs = Number(values.runs);
  const buildStarted = performance.now();
  const log = await ensureBigLog(sizeMb);
  const bytes = statSync(log).size;
  console.log(`log: ${log} (${(bytes / MB).toFixed(0)} MB, ready in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s)`);
  // Read once so both tools start from the page cache.
  await Bun.spawn(["cat", log], { stdout: "ignore" }).exited;

  const prefilter = prefilterForGrep(PREFILTER);
  const grepFlags = PREFILTER.flags.includes("i") ? ["-E", "-c", "-i"] : ["-E", "-c"];
  // Byte semantics: in a UTF-8 locale GNU grep -i falls back to a matcher ~50x slower on this pattern.
  await checkSamePrefilter(log, [...grepFlags, "-e", prefilter]);
  const grep = await best(runs, () => measure(`LC_ALL=C grep ${grepFlags.join(" ")}`, ["grep", ...grepFlags, "-e", prefilter, log], { LC_ALL: "C" }));
  const bun = process.execPath;
  const tinyLog = join(work, "tiny.log");
  await Bun.write(tinyLog, "warming up the errors store\n");
  const profile = values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${work}`] : [];
  const parser = await best(runs, async () => {
    // A fresh errors store per run: a repeated analysis of the same log would be answered from its cache.
    const cacheDir = mkdtempSync(join(work, "cache-"));
    try {
      // As a CI cache restores it: the store exists and user patterns' ReDoS verdicts are known (--cold: a first run,
      // which also loads the ReDoS checker for the project's own patterns).
      if (!values.cold) await measure("error_parser warm-up", [bun, "scripts/error_parser.ts", "--log", tinyLog], { CFO_CACHE_DIR: cacheDir });
      return await measure("error_parser --json", [bun, ...profile, "scripts/error_parser.ts", "--log", log, "--json"], { CFO_CACHE_DIR: cacheDir });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  const analysis = JSON.parse(parser.output) as { summary: { errorCount: number; category: string }; log: { lines: number }; cached: boolean };
  if (analysis.cached) throw new Error("error_parser answered from its cache; the measurement would not be a parse");
  const rate = (m: Measurement) => bytes / MB / m.seconds;
  console.log(`\nprefilter: PREFILTER of scripts/error_parser/prefilter.ts (${prefilter.length} characters as ERE)`);
  console.log(`grep matched ${grep.output.trim()} lines; error_parser reported ${analysis.summary.errorCount} errors (primary: ${analysis.summary.category}) in ${analysis.log.lines} lines\n`);
  const cpuRate = (m: Measurement) => bytes / MB / m.cpuSeconds;
  console.log("| tool | time | throughput | CPU time (user + sys) | throughput per CPU second | peak RSS |");
  console.log("|---|---|---|---|---|---|");
  for (const m of [grep, parser]) {
    console.log(`| ${m.tool} | ${m.seconds.toFixed(2)} s | ${rate(m).toFixed(0)} MB/s | ${m.cpuSeconds.toFixed(2)} s | ${cpuRate(m).toFixed(0)} MB/s | ${(m.maxRssBytes / MB).toFixed(0)} MB |`);
  }
  console.log(`\nerror_parser / grep time: ${(parser.seconds / grep.seconds).toFixed(2)}x wall, ${(parser.cpuSeconds / grep.cpuSeconds).toFixed(2)}x CPU (target <= 3x)`);
  console.log(`error_parser throughput: ${rate(parser).toFixed(0)} MB/s wall, ${cpuRate(parser).toFixed(0)} MB/s per CPU second (target >= 100 MB/s)`);
  console.log(`error_parser peak RSS: ${(parser.maxRssBytes / MB).toFixed(0)} MB (target < 150 MB)${values.cold ? "; cold start (no ReDoS verdicts cached)" : ""}`);
  const load = loadavg().map((l) => l.toFixed(1)).join(" / ");
  console.log(`MB = ${MB} bytes; best of ${runs} run(s) each; ${navigator.hardwareConcurrency} CPUs; load average ${loadAtStart} (1 min) at the start, ${load} (1/5/15 min) at the end`);
  if (values["cpu-prof"]) console.log(`CPU profile written to ${work}`);
}

if (import.meta.main) await main();
