// Speed benchmark for context_manager on a large real tree (the date-fns npm package: thousands of
// source files, committed to a fresh git repo): cold build (empty cache), warm build (same tree,
// cache reused) and repomix packing the same tree in the same run, with peak memory of each
// process, and the same builds in-process through the library API; plus the offline token estimate against the real o200k tokenizer on that tree.
// Run: bun bench/context_speed.ts [--runs N]

import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { AdvancedContextManager } from "../scripts/context_manager.ts";
import { collectFiles, listProjectFiles } from "../scripts/context_manager/collect.ts";
import { estimateTokens } from "../scripts/context_manager/tokens.ts";
import { loadConfig } from "../scripts/lib/config/load.ts";

const PACKAGE = "date-fns@4.1.0";
const projectRoot = resolve(import.meta.dir, "..");
const work = join(projectRoot, "bench/.work/context-speed");
const tree = join(work, "tree");
const bun = process.execPath;
const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);

function sh(args: string[], cwd: string): string {
  const result = Bun.spawnSync(args, { cwd, stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr.toString()}`);
  return result.stdout.toString();
}

/** The package's files as a git repository with one commit (npm pack from the registry, once). */
function prepareTree(): void {
  if (existsSync(join(tree, ".git"))) return;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const tarball = sh(["npm", "pack", PACKAGE, "--silent", "--pack-destination", work], work).trim().split("\n").at(-1)!;
  sh(["tar", "xzf", join(work, tarball), "-C", tree, "--strip-components=1"], work);
  const git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@invalid", "-c", "commit.gpgsign=false"];
  sh([...git, "init", "-q", "-b", "main"], tree);
  sh([...git, "add", "-A"], tree);
  sh([...git, "commit", "-qm", "date-fns"], tree);
}

interface Timing {
  ms: number;
  peakMB: number;
  stdout: string;
}

async function timed(args: string[], env: Record<string, string> = {}): Promise<Timing> {
  const started = performance.now();
  const child = Bun.spawn(args, { env: { ...process.env, ...env, GITHUB_ACTIONS: "" }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  const ms = performance.now() - started;
  if (exitCode !== 0) throw new Error(`${args.join(" ")} exited ${exitCode}: ${stderr}`);
  return { ms, peakMB: (child.resourceUsage()?.maxRSS ?? 0) / 1048576, stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

prepareTree();
const files = listProjectFiles(tree).paths;
const log = join(work, "failure.log");
writeFileSync(
  log,
  [
    "$ node test/run.js",
    "TypeError: Cannot read properties of undefined (reading 'getTime')",
    `    at toDate (${tree}/toDate.js:42:20)`,
    `    at addDays (${tree}/addDays.js:31:17)`,
    `    at Object.<anonymous> (${tree}/test/run.js:3:1)`,
    "Node.js v20.11.0",
  ].join("\n"),
);
const contextArgs = [bun, join(projectRoot, "scripts/context_manager.ts"), "--project-root", tree, "--error-log", log, "--max-context-tokens", "8000", "--json"];
const results = { repomix: [] as Timing[], cold: [] as Timing[], warm: [] as Timing[], hitRate: [] as number[] };
for (let i = 0; i < runs; i++) {
  const cache = join(work, `cache-${i}`);
  rmSync(cache, { recursive: true, force: true });
  results.repomix.push(await timed([bun, join(projectRoot, "node_modules/repomix/bin/repomix.cjs"), tree, "--style", "xml", "-o", join(work, "repomix.xml"), "--quiet"]));
  results.cold.push(await timed(contextArgs, { CFO_CACHE_DIR: cache }));
  const warm = await timed(contextArgs, { CFO_CACHE_DIR: cache });
  results.warm.push(warm);
  results.hitRate.push((JSON.parse(warm.stdout) as { cache: { hitRate: number } }).cache.hitRate);
}

// The same builds in-process through the library API: what the runner pays, without process start and config load.
const inProcess = { cold: [] as number[], warm: [] as number[] };
for (let i = 0; i < runs; i++) {
  const cache = join(work, `cache-lib-${i}`);
  rmSync(cache, { recursive: true, force: true });
  const loaded = await loadConfig({ projectRoot: tree, env: { ...process.env, CFO_CACHE_DIR: cache } });
  const manager = new AdvancedContextManager(tree, loaded);
  for (const phase of ["cold", "warm"] as const) {
    const started = performance.now();
    await manager.build({ errorLog: log, maxTokens: 8000 });
    inProcess[phase].push(performance.now() - started);
  }
}

const repomixMs = median(results.repomix.map((t) => t.ms));
const coldMs = median(results.cold.map((t) => t.ms));
const warmMs = median(results.warm.map((t) => t.ms));
const peak = (ts: Timing[]) => Math.max(...ts.map((t) => t.peakMB)).toFixed(0);
process.stdout.write(`tree: ${PACKAGE}, ${files.length} files (git), ${runs} runs each, medians\n`);
process.stdout.write(`repomix (bun, xml):     ${repomixMs.toFixed(0)} ms, peak ${peak(results.repomix)} MB\n`);
process.stdout.write(`context_manager cold:   ${coldMs.toFixed(0)} ms, peak ${peak(results.cold)} MB  (${(coldMs / repomixMs).toFixed(2)}x repomix)\n`);
process.stdout.write(`context_manager warm:   ${warmMs.toFixed(0)} ms, peak ${peak(results.warm)} MB  (${(warmMs / coldMs).toFixed(2)}x cold)\n`);
process.stdout.write(`warm cache hit rate:    ${(100 * Math.min(...results.hitRate)).toFixed(1)}%\n`);
const libCold = median(inProcess.cold);
const libWarm = median(inProcess.warm);
process.stdout.write(`library build (in-process, after config load): cold ${libCold.toFixed(0)} ms (${(libCold / repomixMs).toFixed(2)}x repomix), warm ${libWarm.toFixed(0)} ms (${(libWarm / libCold).toFixed(2)}x cold); this process peak RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB\n`);

// Token estimate (shipped settings) against o200k on every file the tool may send from the tree
// (minified bundles and source maps are skipped as generated, so they are not counted).
const treeConfig = (await loadConfig({ projectRoot: tree, env: { ...process.env, CFO_CACHE_DIR: join(work, "cache-calibration") } })).config.context;
const settings = treeConfig.tokens;
const withoutMargin = { ...settings, safetyMargin: 0 };
let real = 0;
let estimated = 0;
let under = 0;
const ratios: number[] = [];
for (const file of collectFiles(tree, treeConfig).files) {
  const text = file.content;
  if (text.length < 200) continue;
  const o200k = countTokens(text);
  const estimate = estimateTokens(text, withoutMargin);
  real += o200k;
  estimated += estimate;
  ratios.push(estimate / o200k);
  if (estimateTokens(text, settings) < o200k) under++;
}
ratios.sort((a, b) => a - b);
const pct = (q: number) => ratios[Math.floor(q * (ratios.length - 1))]!.toFixed(2);
process.stdout.write(
  `token estimate before margin vs o200k over ${ratios.length} files: total ${(estimated / real).toFixed(3)}x, per file p1 ${pct(0.01)}x p5 ${pct(0.05)}x p50 ${pct(0.5)}x p95 ${pct(0.95)}x; with the ${settings.safetyMargin * 100}% margin ${under} files (${((100 * under) / ratios.length).toFixed(1)}%) count below o200k\n`,
);
