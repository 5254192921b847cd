// Recall benchmark for context_manager: for each case (a repo with a planted bug, the real tool's
// log, the files the fix must touch, a token budget) it runs the script and checks whether every fix
// file is in the pack; beside it, two baselines under the same budget and the same token counter:
// the whole repository in repomix's output order cut at the budget, and files ranked by BM25 of the log.
// Run: bun bench/context_recall.ts CASES.jsonl [--limit N] [--only ID,ID] [--skip-baselines]

import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { bm25, termCounts, wordsOf } from "../scripts/context_manager/lexical.ts";
import { listProjectFiles } from "../scripts/context_manager/collect.ts";
import { estimateTokens } from "../scripts/context_manager/tokens.ts";
import { loadConfig } from "../scripts/lib/config/load.ts";

interface Case {
  id: string;
  repo: string;
  log: string;
  fixFiles: string[];
  budget: number;
}

interface PackJson {
  items: { path: string; mode: string; tokens: number }[];
  totalTokens: number;
}

interface Score {
  found: boolean;
  tokens: number;
}

const projectRoot = resolve(import.meta.dir, "..");
const bun = process.execPath;
const tokenSettings = (await loadConfig({ projectRoot })).config.context.tokens;
const count = (text: string) => estimateTokens(text, tokenSettings);
const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { limit: { type: "string" }, only: { type: "string" }, "skip-baselines": { type: "boolean" } } });
const withBaselines = values["skip-baselines"] !== true;
if (positionals.length !== 1) {
  process.stderr.write("usage: bun bench/context_recall.ts CASES.jsonl [--limit N] [--only ID,ID]\n");
  process.exit(2);
}
const casesFile = resolve(positionals[0]!);
const only = values.only ? new Set(values.only.split(",")) : undefined;
const cases = readFileSync(casesFile, "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Case)
  .filter((c) => !only || only.has(c.id))
  .slice(0, values.limit ? Number(values.limit) : undefined);
const scratch = join(projectRoot, "bench/.work/context-recall");
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });

async function run(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; exitCode: number; stderr: string }> {
  const child = Bun.spawn(args, { env: { ...process.env, ...env, GITHUB_ACTIONS: "" }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { stdout, stderr, exitCode };
}

async function contextManager(c: Case, repo: string, log: string): Promise<{ all: Score; strict: Score; sentTokens: number; fullTokens: number }> {
  const result = await run([bun, join(projectRoot, "scripts/context_manager.ts"), "--project-root", repo, "--error-log", log, "--max-context-tokens", String(c.budget), "--json"], { CFO_CACHE_DIR: join(scratch, "cache", c.id) });
  if (result.exitCode !== 0) throw new Error(`${c.id}: context_manager exited ${result.exitCode}: ${result.stderr}`);
  const pack = JSON.parse(result.stdout) as PackJson;
  const paths = new Set(pack.items.map((i) => i.path));
  const shown = new Set(pack.items.filter((i) => i.mode === "full" || i.mode === "snippet").map((i) => i.path));
  let sentTokens = 0;
  let fullTokens = 0;
  for (const item of pack.items.filter((i) => i.mode !== "path")) {
    sentTokens += item.tokens;
    fullTokens += count(readFileSync(join(repo, item.path), "utf8"));
  }
  return { all: { found: c.fixFiles.every((f) => paths.has(f)), tokens: pack.totalTokens }, strict: { found: c.fixFiles.every((f) => shown.has(f)), tokens: pack.totalTokens }, sentTokens, fullTokens };
}

/** Files in the order repomix emits them, each counted with its markup, cut where the budget runs out. */
async function repomixBaseline(c: Case, repo: string): Promise<Score> {
  const output = join(scratch, `${c.id}.repomix.xml`);
  const result = await run([bun, join(projectRoot, "node_modules/repomix/bin/repomix.cjs"), repo, "--style", "xml", "-o", output, "--quiet"]);
  if (result.exitCode !== 0) throw new Error(`${c.id}: repomix exited ${result.exitCode}: ${result.stderr}`);
  return cutAtBudget(readFileSync(output, "utf8").split(/(?=<file path=")/), c);
}

function cutAtBudget(chunks: string[], c: Case): Score {
  const included = new Set<string>();
  let tokens = 0;
  for (const chunk of chunks) {
    const cost = count(chunk);
    if (tokens + cost > c.budget) break;
    tokens += cost;
    const path = /^<file path="([^"]+)"/.exec(chunk)?.[1];
    if (path) included.add(path);
  }
  return { found: c.fixFiles.every((f) => included.has(f)), tokens };
}

/** Files ranked by BM25 of the whole log against their text, whole files in that order up to the budget. */
function bm25Baseline(c: Case, repo: string, log: string): Score {
  const texts = new Map(listProjectFiles(repo).paths.map((path) => [path, readFileSync(join(repo, path), "utf8")]));
  const ranked = [...bm25(wordsOf(readFileSync(log, "utf8")), new Map([...texts].map(([path, text]) => [path, termCounts(text)])))].sort((a, b) => b[1].score - a[1].score);
  return cutAtBudget(ranked.map(([path]) => `<file path="${path}">\n${texts.get(path)}\n</file>\n`), c);
}

const percent = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
const totals = { ours: [] as Score[], strict: [] as Score[], repomix: [] as Score[], bm25: [] as Score[], sent: 0, full: 0, ms: 0 };
for (const c of cases) {
  const repo = resolve(dirname(casesFile), c.repo);
  const log = resolve(dirname(casesFile), c.log);
  const started = performance.now();
  const ours = await contextManager(c, repo, log);
  totals.ms += performance.now() - started;
  totals.ours.push(ours.all);
  totals.strict.push(ours.strict);
  const [repomix, lexical] = withBaselines ? [await repomixBaseline(c, repo), bm25Baseline(c, repo, log)] : [undefined, undefined];
  if (repomix && lexical) {
    totals.repomix.push(repomix);
    totals.bm25.push(lexical);
  }
  totals.sent += ours.sentTokens;
  totals.full += ours.fullTokens;
  const mark = (s: Score | undefined) => (s ? (s.found ? "hit " : "MISS") : "-");
  process.stdout.write(`${c.id.padEnd(18)} ${mark(ours.all)} (full/snippet ${mark(ours.strict)}) ${String(ours.all.tokens).padStart(6)} tokens | repomix-order ${mark(repomix)} | bm25-files ${mark(lexical)} | fix ${c.fixFiles.join(", ")}\n`);
}

const recall = (scores: Score[]) => (scores.filter((s) => s.found).length / Math.max(1, scores.length)).toFixed(3);
const meanTokens = (scores: Score[]) => Math.round(scores.reduce((sum, s) => sum + s.tokens, 0) / Math.max(1, scores.length));
const n = cases.length;
if (withBaselines) {
  process.stdout.write(`baseline repomix-order: recall@budget ${recall(totals.repomix)} (${n} cases), mean tokens ${meanTokens(totals.repomix)}\n`);
  process.stdout.write(`baseline bm25-files: recall@budget ${recall(totals.bm25)} (${n} cases), mean tokens ${meanTokens(totals.bm25)}\n`);
}
process.stdout.write(`selected items: ${totals.sent} tokens sent for ${totals.full} tokens of full text (${percent(totals.full - totals.sent, totals.full)} fewer); mean build ${(totals.ms / Math.max(1, n)).toFixed(0)} ms; peak RSS of this harness ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`);
process.stdout.write(`recall@budget full/snippet only ${recall(totals.strict)} (${n} cases), mean tokens ${meanTokens(totals.strict)}\n`);
process.stdout.write(`recall@budget ${recall(totals.ours)} (${n} cases), mean tokens ${meanTokens(totals.ours)}\n`);
