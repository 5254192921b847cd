// Ranked files and plugin items as fit candidates: how each may be shown (full, snippet around the
// focus lines, outline, error lines alone, path; a lockfile as an excerpt) and what its heading costs.

import type { LoadedConfig } from "../lib/config/load.ts";
import { stableHash } from "../lib/hash.ts";
import type { CollectedContextItem } from "../lib/plugin.ts";
import { redactedView, type AnalysisRun } from "./analyze.ts";
import type { ContextCompressor, FitCandidate, Variant } from "./compress.ts";
import type { FailureContext } from "./failure.ts";
import { describeSignal, type RankedFile } from "./rank.ts";
import { itemHeading, type PackFormat } from "./render.ts";
import { redactSecrets } from "../lib/secrets.ts";
import type { ProjectFile } from "./types.ts";

const PLUGIN_PRIORITY = { critical: 1, high: 0.75, medium: 0.5, low: 0.25 } as const;

export function fileCandidate(ranked: RankedFile, file: ProjectFile, run: AnalysisRun, compressor: ContextCompressor, failure: FailureContext | null, snippetLines: number, format: PackFormat, count: (t: string) => number): FitCandidate {
  const reasons = ranked.signals.map(describeSignal);
  return {
    path: file.path,
    type: file.type,
    score: ranked.score,
    reasons,
    hash: file.hash,
    overheadTokens: count(itemHeading({ path: file.path, mode: "snippet", reasons, score: ranked.score }, format)) + 12,
    variants: async () => {
      const { text, analysis, parsed } = await redactedView(file, run);
      if (file.type === "lockfile") return [compressor.snippet(text, lockfileLines(text, failure), 2), compressor.pathOnly()].filter((v): v is Variant => v !== undefined);
      const full = compressor.full(text, parsed.commentLines, ranked.errorLines);
      // The last text form is the error-named lines alone, so they stay verbatim under any pressure.
      const forms = [full, compressor.snippet(text, ranked.focusLines, snippetLines), compressor.outline(analysis.outline, full.tokens), compressor.snippet(text, ranked.errorLines, 0), compressor.pathOnly()];
      return forms.filter((v): v is Variant => v !== undefined);
    },
  };
}

/** A lockfile is shown as an excerpt: the lines naming packages the failure mentions. */
export function lockfileLines(text: string, failure: FailureContext | null): number[] {
  if (!failure) return [];
  const names = new Set([...failure.text.matchAll(/['"`]?(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)?)['"`]?/gi)].map((m) => m[1]!.toLowerCase()).filter((n) => n.length >= 3));
  return text.split("\n").flatMap((line, i) => {
    const key = /["']?(@?[\w.-]+(?:\/[\w.-]+)?)["']?\s*[:@=]/.exec(line.trim())?.[1]?.replace(/^node_modules\//, "").toLowerCase();
    return key && names.has(key) ? [i + 1] : [];
  });
}

export async function collectPluginItems(loaded: LoadedConfig, task: string | null, failure: FailureContext | null): Promise<CollectedContextItem[]> {
  const items: CollectedContextItem[] = [];
  for (const plugin of loaded.plugins) {
    for (const collector of plugin.definition.contextCollectors ?? []) {
      const produced = await collector({ projectRoot: loaded.projectRoot, ...(task ? { task } : {}), categories: failure?.categories ?? [] });
      items.push(...produced.map((item) => ({ ...item, reason: `${item.reason} (plugin ${plugin.name})` })));
    }
  }
  return items;
}

export async function pluginCandidate(item: CollectedContextItem, weight: number, compressor: ContextCompressor, format: PackFormat, count: (t: string) => number): Promise<FitCandidate> {
  const text = (await redactSecrets(item.content, item.path)).text;
  const score = weight * PLUGIN_PRIORITY[item.priority];
  const reasons = [`${item.reason} (+${score.toFixed(1)})`];
  return {
    path: item.path,
    type: item.type,
    score,
    reasons,
    hash: stableHash(["plugin", item.path, text]),
    overheadTokens: count(itemHeading({ path: item.path, mode: "full", reasons, score }, format)) + 12,
    variants: async () => [compressor.full(text, [], []), compressor.pathOnly()],
  };
}

export function mergeCandidates(files: FitCandidate[], plugins: FitCandidate[]): FitCandidate[] {
  return [...files, ...plugins].sort((a, b) => b.score - a.score);
}

