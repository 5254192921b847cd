// Grouping accuracy (GA) of error fingerprints on Loghub-2k, per system, beside Drain run here and Drain's published GA.
// Usage: bun bench/fingerprint_loghub.ts [--labels corrected|original|both] [--show-misses SYSTEM|original/SYSTEM]

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fingerprint, template } from "../scripts/error_parser/fingerprint.ts";

const corpus = join(import.meta.dir, "../../shared/corpora/loghub-2k");
const publishedCsv = join(corpus, "published_results/loghub-2.0_ISSTA24_RQ2_effectiveness_results.csv");

/** Drain GA on the original 2018 labels: logparser's Drain README (table E of the corpus README, not in a csv there). */
const drainOriginalGA: Record<string, number> = {
  HDFS: 0.9975, Hadoop: 0.9475, Spark: 0.92, Zookeeper: 0.9665, BGL: 0.9625, HPC: 0.887, Thunderbird: 0.955,
  Windows: 0.997, Linux: 0.69, Android: 0.911, HealthApp: 0.78, Apache: 1, Proxifier: 0.5265, OpenSSH: 0.7875,
  OpenStack: 0.7325, Mac: 0.7865,
};

interface LabeledLine { content: string; eventTemplate: string }

/** RFC 4180 rows; quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

function readLabeled(path: string): LabeledLine[] {
  const raw = path.endsWith(".gz") ? Bun.gunzipSync(readFileSync(path)) : readFileSync(path);
  const [header, ...rows] = parseCsv(new TextDecoder().decode(raw));
  const content = header!.indexOf("Content");
  const eventTemplate = header!.indexOf("EventTemplate");
  return rows.filter((r) => r.length > eventTemplate).map((r) => ({ content: r[content]!, eventTemplate: r[eventTemplate]! }));
}

/** GA as in logparser's evaluator: a predicted group counts when it holds exactly the lines of one true template. */
function groupingAccuracy(predicted: string[], truth: string[]): number {
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  const groups = new Map<string, number[]>();
  predicted.forEach((p, i) => { const g = groups.get(p); if (g) g.push(i); else groups.set(p, [i]); });
  let correct = 0;
  for (const lines of groups.values()) {
    const first = truth[lines[0]!]!;
    if (lines.every((i) => truth[i] === first) && truthSize.get(first) === lines.length) correct += lines.length;
  }
  return correct / truth.length;
}

/**
 * Peer measured in the same run: Drain (He et al., ICWS'17) with one setting for every system (depth 4, similarity 0.5,
 * 100 children) and no per-dataset preprocessing regexes, since the fingerprints get none either.
 */
function drainGroups(messages: string[]): string[] {
  interface Cluster { id: number; tokens: string[] }
  const maxChildren = 100;
  const children = new Map<string, Set<string>>();
  const leaves = new Map<string, Cluster[]>();
  let clusters = 0;
  /** Internal nodes: token count, then the first two tokens; a token with a digit, or past maxChildren, is `<*>`. */
  const child = (parent: string, token: string) => {
    const seen = children.get(parent) ?? children.set(parent, new Set()).get(parent)!;
    if (/\d/.test(token) || (!seen.has(token) && seen.size >= maxChildren)) token = "<*>";
    seen.add(token);
    return `${parent}\u0000${token}`;
  };
  return messages.map((message) => {
    const tokens = message.trim().split(/\s+/);
    const path = tokens.slice(0, 2).reduce(child, String(tokens.length));
    const leaf = leaves.get(path) ?? leaves.set(path, []).get(path)!;
    let best: Cluster | undefined;
    let bestSimilarity = -1;
    let bestParams = -1;
    for (const cluster of leaf) {
      let same = 0;
      let params = 0;
      cluster.tokens.forEach((t, i) => (t === "<*>" ? params++ : t === tokens[i] && same++));
      const similarity = same / tokens.length;
      if (similarity > bestSimilarity || (similarity === bestSimilarity && params > bestParams)) {
        [best, bestSimilarity, bestParams] = [cluster, similarity, params];
      }
    }
    if (best && bestSimilarity >= 0.5) {
      best.tokens = best.tokens.map((t, i) => (t === tokens[i] ? t : "<*>"));
      return String(best.id);
    }
    leaf.push({ id: clusters, tokens });
    return String(clusters++);
  });
}

/** Published Drain GA on Loghub-2k with corrected labels (Loghub-2.0 ISSTA'24 RQ2 csv, "2k" half of each cell). */
function drainCorrectedGA(): Record<string, number> {
  const published: Record<string, number> = {};
  for (const row of parseCsv(readFileSync(publishedCsv, "utf8")).slice(1)) {
    const [name, , drain] = row;
    const system = name?.match(/^(\w+) GA$/)?.[1];
    if (system && drain) published[system] = Number(drain.split("/")[0]);
  }
  return published;
}

interface SystemResult {
  system: string; lines: number; templates: number; groups: number; ga: number; ms: number;
  drainSameRun: number; drainMs: number; drainPublished: number | undefined;
}

function scoreSystem(system: string, path: string, drainPublished: number | undefined, showMisses: boolean): SystemResult {
  const labeled = readLabeled(path);
  const messages = labeled.map((l) => l.content);
  const truth = labeled.map((l) => l.eventTemplate);
  let started = performance.now();
  const predicted = messages.map(fingerprint);
  const ms = performance.now() - started;
  started = performance.now();
  const drain = drainGroups(messages);
  const drainMs = performance.now() - started;
  if (showMisses) printMisses(labeled);
  return {
    system, lines: labeled.length, templates: new Set(truth).size, groups: new Set(predicted).size,
    ga: groupingAccuracy(predicted, truth), ms, drainSameRun: groupingAccuracy(drain, truth), drainMs, drainPublished,
  };
}

/** For tuning by hand: true templates whose lines were split, largest first, with our templates for them. */
function printMisses(labeled: LabeledLine[]): void {
  const byTruth = new Map<string, Map<string, number>>();
  for (const l of labeled) {
    const ours = byTruth.get(l.eventTemplate) ?? byTruth.set(l.eventTemplate, new Map()).get(l.eventTemplate)!;
    const key = template(l.content);
    ours.set(key, (ours.get(key) ?? 0) + 1);
  }
  const lines = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const split = [...byTruth].filter(([, ours]) => ours.size > 1).sort((a, b) => lines(b[1]) - lines(a[1]));
  for (const [truth, ours] of split) {
    console.log(`SPLIT ${lines(ours)} lines: ${truth}`);
    for (const [ourTemplate, n] of [...ours].slice(0, 5)) console.log(`  ${n} × ${ourTemplate}`);
  }
}

function printTable(title: string, results: SystemResult[], drainSource: string): void {
  console.log(`\n## ${title}\n`);
  console.log("| system | true templates | our groups | GA fingerprint | GA Drain, this run | GA Drain, published | fingerprint time | Drain time |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(
      `| ${r.system} | ${r.templates} | ${r.groups} | ${r.ga.toFixed(3)} | ${r.drainSameRun.toFixed(3)} | ${r.drainPublished?.toFixed(3) ?? "-"} | ${r.ms.toFixed(1)} ms | ${r.drainMs.toFixed(1)} ms |`,
    );
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const mean = (xs: number[]) => sum(xs) / xs.length;
  const lines = sum(results.map((r) => r.lines));
  const perLine = (ms: number) => `${((ms * 1000) / lines).toFixed(1)} µs/line`;
  const published = results.flatMap((r) => (r.drainPublished === undefined ? [] : [r.drainPublished]));
  console.log(
    `| **average** (${results.length} systems, ${lines} lines) | | | **${mean(results.map((r) => r.ga)).toFixed(3)}** | ${mean(results.map((r) => r.drainSameRun)).toFixed(3)} | ${mean(published).toFixed(3)} | ${perLine(sum(results.map((r) => r.ms)))} | ${perLine(sum(results.map((r) => r.drainMs)))} |`,
  );
  console.log(`\nPublished Drain: ${drainSource}`);
}

function systems(dir: string): string[] {
  return [...new Bun.Glob("*/").scanSync({ cwd: dir, onlyFiles: false })].map((d) => d.replace(/\/$/, "")).sort();
}

function main(): void {
  const { values } = parseArgs({ options: { labels: { type: "string", default: "both" }, "show-misses": { type: "string" } } });
  if (values.labels !== "original") {
    const drain = drainCorrectedGA();
    const dir = join(corpus, "loghub-2.0_2k");
    const results = systems(dir)
      .map((s) => ({ s, path: join(dir, s, `${s}_2k.log_structured_corrected.csv`) }))
      .filter(({ path }) => existsSync(path))
      .map(({ s, path }) => scoreSystem(s, path, drain[s], values["show-misses"] === s));
    printTable("Loghub-2k, corrected labels (Loghub-2.0), 14 systems", results,
      "Loghub-2.0 ISSTA'24 RQ2 effectiveness_results.csv, Drain column, 2k half of each cell (average published there: 0.850)");
  }
  if (values.labels !== "corrected") {
    const dir = join(corpus, "loghub_2k_original");
    const results = systems(dir)
      .map((s) => ({ s, path: join(dir, s, `${s}_2k.log_structured.csv.gz`) }))
      .filter(({ path }) => existsSync(path))
      .map(({ s, path }) => scoreSystem(s, path, drainOriginalGA[s], values["show-misses"] === `original/${s}`));
    printTable("Loghub-2k, original 2018 labels, 16 systems", results,
      "logparser Drain README, Benchmark section (original loghub_2k labels; mean 0.865)");
  }
  console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

if (import.meta.main) main();
