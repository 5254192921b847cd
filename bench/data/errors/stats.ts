// Prints the dev set's composition (per category, tool, source kind, retryable) as markdown tables.
// Run: bun bench/data/errors/stats.ts  (reads devset.jsonl next to this file)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATEGORIES, type Item } from "./gen/types.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const items = readFileSync(join(HERE, "devset.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Item);

const sourceKind = (i: Item) => (i.source.startsWith("generated:") ? "generated" : "public");

function table(title: string, key: (i: Item) => string, order?: readonly string[]): string {
  const rows = new Map<string, { total: number; pub: number; gen: number; retry: number }>();
  for (const i of items) {
    const row = rows.get(key(i)) ?? { total: 0, pub: 0, gen: 0, retry: 0 };
    row.total++;
    if (sourceKind(i) === "public") row.pub++; else row.gen++;
    if (i.retryable) row.retry++;
    rows.set(key(i), row);
  }
  const keys = order ? order.filter((k) => rows.has(k)) : [...rows.keys()].sort((a, b) => rows.get(b)!.total - rows.get(a)!.total || a.localeCompare(b));
  const lines = [`### ${title}`, "", "| | items | public | generated | retryable |", "|---|---:|---:|---:|---:|"];
  for (const k of keys) {
    const r = rows.get(k)!;
    lines.push(`| ${k} | ${r.total} | ${r.pub} | ${r.gen} | ${r.retry} |`);
  }
  return lines.join("\n");
}

const retryable = items.filter((i) => i.retryable).length;
console.log(`Items: ${items.length} (public ${items.filter((i) => sourceKind(i) === "public").length}, generated ${items.filter((i) => sourceKind(i) === "generated").length}); retryable true: ${retryable}, false: ${items.length - retryable}; tools: ${new Set(items.map((i) => i.tool)).size}\n`);
console.log(table("Per category", (i) => i.category, CATEGORIES) + "\n");
console.log(table("Per source kind", sourceKind) + "\n");
console.log(table("Per retryable", (i) => String(i.retryable)) + "\n");
console.log(table("Per tool", (i) => i.tool));
