// context_manager: builds a failure-aware context pack that fits the token budget: the files a good
// engineer would open first for this failure, compressed, with secrets redacted, cached per file.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { runScript, type ScriptContext, type ScriptSpec } from "./lib/cli.ts";
import type { LoadedConfig } from "./lib/config/load.ts";
import { CfoError } from "./lib/errors.ts";
import { appendStepSummary, inGitHubActions, markdownCell, printJson, printUntrusted, setOutputs } from "./lib/github.ts";
import { ContextCacheManager } from "./context_manager/cache.ts";
import { contextMigrations } from "./context_manager/cache-rows.ts";
import { AdvancedContextManager, type ContextBuild } from "./context_manager/manager.ts";
import { packSummary, type PackFormat } from "./context_manager/render.ts";
import { describeSignal } from "./context_manager/rank.ts";

export { ContextCollector } from "./context_manager/collect.ts";
export { ContextCompressor } from "./context_manager/compress.ts";
export { ContextCacheManager } from "./context_manager/cache.ts";
export { AdvancedContextManager, type BuildOptions, type ContextBuild } from "./context_manager/manager.ts";
export type { ContextPack, PackItem } from "./context_manager/types.ts";

/** Cache reuse over the last `days`: per-file lookups and hits (this repository's, every one's with --all-repos), for metrics_collector's alerts. */
export async function contextCacheStats(loaded: LoadedConfig, { days }: { days: number }): Promise<{ lookups: number; hits: number; hitRate: number | null }> {
  const cache = await ContextCacheManager.open(loaded);
  try {
    return await cache.stats(days);
  } finally {
    cache.close();
  }
}

const FORMATS: PackFormat[] = ["markdown", "xml", "json"];

const spec: ScriptSpec = {
  name: "context_manager",
  summary: "builds a failure-aware context pack that fits the token budget",
  stores: [{ name: "context", migrations: contextMigrations }],
  flags: [
    { name: "task", type: "string", valueName: "TEXT", description: "What the fix should achieve (ranks files it names or whose words it uses)." },
    { name: "error-log", type: "string", valueName: "FILE", description: "The failing job's log (or - for stdin), analysed with error_parser." },
    { name: "analysis", type: "string", valueName: "FILE", description: "error_parser's --json output for the failure, instead of --error-log." },
    { name: "base", type: "string", valueName: "REF", description: "Git ref the failing change is diffed against (default HEAD~1 when it exists).", configPath: ["context", "base"] },
    { name: "max-context-tokens", type: "string", numeric: true, valueName: "N", description: "Token budget of the pack (default 100000).", configPath: ["context", "maxTokens"] },
    { name: "max-context-items", type: "string", numeric: true, valueName: "N", description: "Most items in the pack (default 25).", configPath: ["context", "maxItems"] },
    { name: "format", type: "string", valueName: "FMT", description: "markdown (for people), xml (for Claude) or json (default markdown)." },
    { name: "output", type: "string", valueName: "FILE", description: "Write the pack to FILE instead of stdout." },
    { name: "explain", type: "boolean", description: "Print every candidate's signals and weights, and every skipped file with its reason, on stderr." },
    { name: "include-cached", type: "boolean", description: "Reuse per-file analyses cached by content hash (on by default; context.includeCached).", configPath: ["context", "includeCached"] },
    { name: "force-refresh", type: "boolean", description: "Recompute every file's analysis and rewrite the cache." },
    { name: "cleanup", type: "boolean", description: "Delete cache entries and build records past retention, then exit." },
  ],
  examples: [
    "bun scripts/context_manager.ts --error-log build.log --task 'fix the failing build' --format xml --output context.xml",
    "bun scripts/error_parser.ts build.log --json > analysis.json && bun scripts/context_manager.ts --analysis analysis.json --max-context-tokens 8000",
    "bun scripts/context_manager.ts --error-log build.log --explain --json",
    "bun scripts/context_manager.ts --cleanup",
  ],
};

async function main({ args, loaded, json }: ScriptContext): Promise<number> {
  if (args.cleanup) {
    const cache = await ContextCacheManager.open(loaded);
    try {
      const result = await cache.cleanup(loaded.config.storage.retentionDays.context);
      const deleted = Object.entries(result.deletedRows).map(([table, rows]) => `${table} ${rows} rows`).join(", ");
      if (json) printJson(result);
      else process.stdout.write(`context cache cleaned (retention ${result.retentionDays} days): ${deleted}\n`);
      return 0;
    } finally {
      cache.close();
    }
  }
  const format = (typeof args.format === "string" ? args.format : "markdown") as PackFormat;
  if (!FORMATS.includes(format)) throw new CfoError(`--format must be one of ${FORMATS.join(", ")}, got "${format}"`);
  const build = await new AdvancedContextManager(loaded.projectRoot, loaded).build({
    format,
    forceRefresh: args["force-refresh"] === true,
    explain: args.explain === true,
    ...(typeof args.task === "string" ? { task: args.task } : {}),
    ...(typeof args["error-log"] === "string" ? { errorLog: args["error-log"] } : {}),
    ...(typeof args.analysis === "string" ? { analysis: args.analysis } : {}),
  });
  if (args.explain) process.stderr.write(explain(build));
  const output = typeof args.output === "string" ? resolve(process.cwd(), args.output) : undefined;
  const contextFile = output ?? (inGitHubActions() ? join(loaded.cacheRoot, "context", `pack.${format === "markdown" ? "md" : format}`) : undefined);
  if (contextFile) {
    // On a server store nothing else creates <cache>/context.
    mkdirSync(dirname(contextFile), { recursive: true });
    writeFileSync(contextFile, build.rendered);
  }
  if (json) printJson({ ...packSummary(build.pack), ...(contextFile ? { file: contextFile } : {}), ...(args.explain ? { explain: explanationJson(build) } : {}) });
  // JSON text is already inert (see inertJson); markdown and XML carry repository text.
  else if (!output && format === "json") process.stdout.write(build.rendered);
  else if (!output) printUntrusted(build.rendered);
  else process.stderr.write(`context pack: ${build.pack.items.length} items, ${build.pack.totalTokens} of ${build.pack.budget} tokens -> ${output}\n`);
  setOutputs({ ...(contextFile ? { "context-file": contextFile } : {}), "context-tokens": build.pack.totalTokens });
  await appendStepSummary(summary(build));
  return 0;
}

function explain(build: ContextBuild): string {
  const lines = ["context_manager --explain: candidates (score = sum of weight x strength)"];
  for (const file of build.explanation.ranked.slice(0, 60)) {
    lines.push(`  ${file.score.toFixed(2).padStart(7)}  ${file.path} [${file.type}]`);
    for (const signal of file.signals) lines.push(`           ${signal.name} weight ${signal.weight} x strength ${signal.strength.toFixed(2)}: ${describeSignal(signal)}`);
  }
  lines.push("skipped files:");
  for (const skipped of build.explanation.skipped) lines.push(`  ${skipped.path}: ${skipped.reason}`);
  lines.push("left out or shortened:");
  for (const omitted of build.pack.omitted) lines.push(`  ${omitted.path}: ${omitted.reason}`);
  return `${lines.join("\n")}\n`;
}

function explanationJson(build: ContextBuild): object {
  return {
    candidates: build.explanation.ranked.slice(0, 60).map((file) => ({ path: file.path, type: file.type, score: file.score, signals: file.signals })),
    skipped: build.explanation.skipped,
    pluginItems: build.explanation.pluginItems,
  };
}

function summary({ pack }: ContextBuild): string {
  const rows = pack.items.map((item) => `| ${markdownCell(item.path)} | ${item.mode} | ${item.tokens} | ${markdownCell(item.reasons[0] ?? "")} |`);
  const hitRate = pack.cache.hitRate === null ? "n/a" : `${(pack.cache.hitRate * 100).toFixed(0)}%`;
  return [`### Context pack: ${pack.items.length} items, ${pack.totalTokens} of ${pack.budget} tokens (cache hit rate ${hitRate})`, "", "| file | mode | tokens | why |", "|---|---|---|---|", ...rows, ""].join("\n");
}

if (import.meta.main) await runScript(spec, main);
