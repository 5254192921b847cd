// Category accuracy and retry precision/recall of error_parser on a labeled set of real failure excerpts
// (default bench/data/errors/devset.jsonl; --set heldout scores the held-out set the rules were not tuned on),
// with a confusion summary, beside a peer measured in the same run: the taxonomy's "typical text" as substrings.
// Usage: bun bench/error_accuracy.ts [--set devset|heldout|heldout2|FILE.jsonl] [--show-misses]

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { analyzeLog } from "../scripts/error_parser.ts";
import { loadConfig } from "../scripts/lib/config/load.ts";

interface Item {
  id: string;
  source: string;
  tool: string;
  category: string;
  retryable: boolean;
  excerpt: string;
}

interface Verdict {
  category: string;
  retry: boolean;
}

const RETRYABLE = new Set(["network", "timeout", "system"]);
/** The peer: the taxonomy's typical texts, first hit wins. */
const TYPICAL_TEXT: [string, string[]][] = [
  ["syntax", ["SyntaxError", "error TS", "error[E", "expected ';'", "no-unused-vars"]],
  ["dependency", ["ERESOLVE", "Cannot find module", "ModuleNotFoundError", "No matching distribution found", "could not resolve dependencies"]],
  ["configuration", ["Invalid configuration object", "unknown option", "Missing required env var", "invalid workflow file"]],
  ["runtime", ["TypeError", "panic:", "Segmentation fault"]],
  ["test", ["AssertionError", "Expected:", "FAIL ", "--- FAIL:"]],
  ["network", ["ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "502 Bad Gateway", "429 Too Many Requests", "API rate limit exceeded"]],
  ["permission", ["EACCES", "EPERM", "Permission denied", "403 Forbidden", "Resource not accessible by integration"]],
  ["timeout", ["exceeded the maximum execution time", "Exceeded timeout of", "context deadline exceeded"]],
  ["system", ["heap out of memory", "Killed", "exit code 137", "No space left on device", "shutdown signal", "lost communication with the server", "EMFILE"]],
];

function peer(excerpt: string): Verdict {
  const category = TYPICAL_TEXT.find(([, texts]) => texts.some((text) => excerpt.includes(text)))?.[0] ?? "unknown";
  return { category, retry: RETRYABLE.has(category) };
}

const { values } = parseArgs({ options: { "show-misses": { type: "boolean" }, set: { type: "string", default: "devset" } } });
/** A set's name (a file in bench/data/errors/) or a path to any file in the same format. */
const setName = values.set;
const setPath = /^[\w-]+$/.test(setName) ? join(import.meta.dir, "data/errors", `${setName}.jsonl`) : resolve(setName);
const items = (await Bun.file(setPath).text())
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Item);

const work = mkdtempSync(join(tmpdir(), "cfo-accuracy-"));
process.env.CFO_CACHE_DIR = join(work, "cache");
const loaded = await loadConfig({ projectRoot: work });
const ours: Verdict[] = [];
const started = performance.now();
try {
  for (const item of items) {
    const file = join(work, "excerpt.log");
    writeFileSync(file, item.excerpt);
    const analysis = await analyzeLog(loaded, { logPath: file, workflowId: item.id });
    ours.push({ category: analysis.summary.category, retry: analysis.summary.retryRecommended });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const seconds = (performance.now() - started) / 1000;
const peers = items.map((item) => peer(item.excerpt));

function scores(verdicts: Verdict[]) {
  const correct = verdicts.filter((v, i) => v.category === items[i]!.category).length;
  const tp = verdicts.filter((v, i) => v.retry && items[i]!.retryable).length;
  const fp = verdicts.filter((v, i) => v.retry && !items[i]!.retryable).length;
  const fn = verdicts.filter((v, i) => !v.retry && items[i]!.retryable).length;
  return { accuracy: correct / items.length, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, correct, tp, fp, fn };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
const mine = scores(ours);
const theirs = scores(peers);
console.log(`${setName}: ${items.length} excerpts (${items.filter((i) => i.retryable).length} retryable)\n`);
console.log("| | category accuracy | retry precision | retry recall |");
console.log("|---|---|---|---|");
console.log(`| **cfo error_parser** | ${percent(mine.accuracy)} (${mine.correct}/${items.length}) | ${percent(mine.precision)} (${mine.tp}/${mine.tp + mine.fp}) | ${percent(mine.recall)} (${mine.tp}/${mine.tp + mine.fn}) |`);
console.log(`| peer: taxonomy typical-text substrings | ${percent(theirs.accuracy)} | ${percent(theirs.precision)} | ${percent(theirs.recall)} |`);
/** A ratio, or a dash where the peer scored nothing (no finite ratio to print). */
const ratio = (ours: number, peer: number) => (peer > 0 ? `${(ours / peer).toFixed(2)}x` : "– (peer 0)");
console.log(`| ratio (cfo / peer) | ${ratio(mine.accuracy, theirs.accuracy)} | ${ratio(mine.precision, theirs.precision)} | ${ratio(mine.recall, theirs.recall)} |`);

const confusion = new Map<string, number>();
ours.forEach((v, i) => {
  if (v.category !== items[i]!.category) confusion.set(`${items[i]!.category} -> ${v.category}`, (confusion.get(`${items[i]!.category} -> ${v.category}`) ?? 0) + 1);
});
console.log(`\nConfusions (expected -> reported): ${[...confusion].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join("; ") || "none"}`);
console.log(`${items.length} analyses in ${seconds.toFixed(1)} s; peak RSS ${(process.memoryUsage.rss() / 1_048_576).toFixed(0)} MB`);

if (values["show-misses"]) {
  ours.forEach((v, i) => {
    const item = items[i]!;
    if (v.category !== item.category || v.retry !== item.retryable) console.log(`- ${item.id}: expected ${item.category}/${item.retryable}, got ${v.category}/${v.retry}`);
  });
}
