// Regenerates the machine-made half of the error_parser dev set by running real tools that fail,
// then merges it with the public excerpts (public.jsonl) into devset.jsonl. Run: bun bench/data/errors/generate.ts
import { mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startLoopback } from "./gen/loopback.ts";
import { runCase } from "./gen/run.ts";
import { CATEGORIES, type Case, type Item } from "./gen/types.ts";
import { jsCases } from "./gen/cases/js.ts";
import { npmCases } from "./gen/cases/npm.ts";
import { pythonCases } from "./gen/cases/python.ts";
import { nativeCases } from "./gen/cases/native.ts";
import { jvmCases } from "./gen/cases/jvm.ts";
import { systemCases } from "./gen/cases/system.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = resolve(HERE, "../../..");
// A fixed directory and port keep paths and URLs in the outputs identical from run to run.
const WORK_ROOT = "/tmp/cfo-devset-gen";
const LOOPBACK_PORT = 47123;
const MAX_EXCERPT_LINES = 80;

const ALL_CASES: Case[] = [...jsCases, ...npmCases, ...pythonCases, ...nativeCases, ...jvmCases, ...systemCases];

function readJsonl(path: string): Item[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Item);
}

function writeJsonl(path: string, items: Item[]): void {
  writeFileSync(path, items.map((i) => JSON.stringify(i)).join("\n") + "\n");
}

/** Refuses items that break the dev-set format, so a bad merge never reaches the benchmark. */
function validate(items: Item[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    const lines = item.excerpt.split("\n").length;
    if (seen.has(item.id)) throw new Error(`duplicate id ${item.id}`);
    seen.add(item.id);
    if (!CATEGORIES.includes(item.category)) throw new Error(`${item.id}: bad category ${item.category}`);
    if (typeof item.retryable !== "boolean") throw new Error(`${item.id}: retryable must be boolean`);
    if (lines < 3 || lines > MAX_EXCERPT_LINES) throw new Error(`${item.id}: ${lines} lines, want 3..${MAX_EXCERPT_LINES}`);
    if (!item.source || !item.tool || !item.why) throw new Error(`${item.id}: source, tool and why are required`);
  }
}

function toolEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  // PIP_* settings of this machine (extra local indexes) would change what pip prints, so they are dropped.
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("PIP_")) env[k] = v;
  const path = `${join(PROJECT_ROOT, "node_modules/.bin")}:${env["PATH"] ?? ""}`;
  return { ...env, PATH: path, NO_COLOR: "1", FORCE_COLOR: "0", npm_config_update_notifier: "false", PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_CONFIG_FILE: "/dev/null", PIP_NO_COLOR: "1", LC_ALL: "C.UTF-8" };
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const cases = only ? ALL_CASES.filter((c) => c.id.includes(only)) : ALL_CASES;
  rmSync(WORK_ROOT, { recursive: true, force: true });
  mkdirSync(WORK_ROOT, { recursive: true, mode: 0o755 });
  const server = await startLoopback(LOOPBACK_PORT);
  const loop = `http://127.0.0.1:${LOOPBACK_PORT}`;
  const generated: Item[] = [];
  try {
    for (const c of cases) {
      const started = performance.now();
      const result = await runCase(c, WORK_ROOT, toolEnv(), loop);
      const ms = Math.round(performance.now() - started);
      if (typeof result === "string") console.log(`${c.id}: ${result} (${ms} ms)`);
      else { generated.push(result); console.log(`${c.id}: ok, ${result.excerpt.split("\n").length} lines (${ms} ms)`); }
    }
  } finally {
    server.close();
  }
  if (only) return; // a partial run is for debugging one case; it never rewrites the set
  const publicItems = readJsonl(join(HERE, "public.jsonl"));
  const all = [...publicItems, ...generated];
  validate(all);
  writeJsonl(join(HERE, "generated.jsonl"), generated);
  writeJsonl(join(HERE, "devset.jsonl"), all);
  console.log(`${generated.length} of ${ALL_CASES.length} generated items, ${publicItems.length} public, ${all.length} in devset.jsonl`);
}

await main();
