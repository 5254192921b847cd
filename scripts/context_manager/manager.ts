// AdvancedContextManager: collect -> analyse (cached) -> describe the failure -> rank -> fit the
// budget -> render, then record the build. The one place the steps meet.

import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { loadConfig, type LoadedConfig } from "../lib/config/load.ts";
import { stableHash } from "../lib/hash.ts";
import { debug } from "../lib/log.ts";
import type { CollectedContextItem } from "../lib/plugin.ts";
import { analyzeFiles, parseForSignals, redactedView, type AnalysisRun } from "./analyze.ts";
import { ContextCacheManager } from "./cache.ts";
import { collectFiles } from "./collect.ts";
import { ContextCompressor, type FitCandidate, type Variant } from "./compress.ts";
import { describeFailure, loadAnalysis, type AnalysisInput, type FailureContext } from "./failure.ts";
import { changedFiles, diffBase, recentFiles } from "./git.ts";
import { buildImportGraph, importResolver } from "./graph.ts";
import { learnedFixedFiles } from "./learning.ts";
import { bm25, wordsOf } from "./lexical.ts";
import { mentionsIn, pathResolver, type NamedLocation } from "./locations.ts";
import { describeSignal, rankFiles, type RankedFile } from "./rank.ts";
import { itemHeading, type PackFormat } from "./render.ts";
import { redactSecrets } from "./secrets.ts";
import { apiTokenCounter, estimateTokens } from "./tokens.ts";
import { fitToBudget } from "./pack.ts";
import type { ContextPack, Omission, ProjectFile } from "./types.ts";

export interface BuildOptions {
  maxItems?: number;
  maxTokens?: number;
  includeCached?: boolean;
  forceRefresh?: boolean;
  task?: string;
  /** A log file path (or "-") run through error_parser's analyzeLog. */
  errorLog?: string;
  /** error_parser's JSON: a file path or the object. */
  analysis?: string | AnalysisInput;
  base?: string;
  /** The format the pack will be rendered in (its token count is the rendered text's). */
  format?: PackFormat;
}

export interface ContextBuild {
  pack: ContextPack;
  rendered: string;
  explanation: { ranked: RankedFile[]; skipped: Omission[]; pluginItems: string[] };
}

/** Candidates considered for the fit beyond maxItems, so degraded or duplicate ones can be replaced. */
const CANDIDATE_SLACK = 12;
/** The failure excerpt takes at most this share of the budget. */
const EXCERPT_SHARE = 0.2;
/** Best lexical matches parsed to find declarations of the identifiers the failure names. */
const LEXICAL_PARSE_TOP = 40;
const PLUGIN_PRIORITY = { critical: 1, high: 0.75, medium: 0.5, low: 0.25 } as const;

export class AdvancedContextManager {
  constructor(
    readonly root: string,
    private readonly loaded?: LoadedConfig,
  ) {}

  /** The seed's build_context: the pack (items with their text, totals, what was left out). */
  async buildContext(options: BuildOptions = {}): Promise<ContextPack> {
    return (await this.build(options)).pack;
  }

  /** The pack, its rendered text and the ranking behind it (for --explain). */
  async build(options: BuildOptions = {}): Promise<ContextBuild> {
    const loaded = this.loaded ?? (await loadConfig({ projectRoot: this.root }));
    const config = loaded.config.context;
    const root = loaded.projectRoot;
    const budget = options.maxTokens ?? config.maxTokens;
    const maxItems = options.maxItems ?? config.maxItems;
    const format = options.format ?? "markdown";
    const count = (text: string) => estimateTokens(text, config.tokens);

    const cacheInside = relative(root, loaded.cacheRoot);
    const started = performance.now();
    const phase = (label: string) => debug(`context: ${label} after ${(performance.now() - started).toFixed(0)} ms`);
    const cache = await ContextCacheManager.open(loaded);
    try {
      const reuse = (options.includeCached ?? config.includeCached) && !options.forceRefresh;
      const collection = collectFiles(root, config, {
        ...(cacheInside.startsWith("..") || isAbsolute(cacheInside) ? {} : { ownCache: cacheInside }),
        ...(reuse ? { stamps: await cache.stamps(root) } : {}),
      });
      phase(`collected ${collection.files.length} files (${collection.stamps.size} read)`);
      const byPath = new Map(collection.files.map((file) => [file.path, file]));
      const run = await analyzeFiles(collection.files, cache, { reuse }, count);
      phase(`analysed (${run.hits} of ${run.lookups} from the cache)`);
      const analysis = await loadAnalysis(loaded, options);
      phase("failure analysed");
      const repoPaths = collection.files.map((f) => f.path);
      const resolveModule = importResolver(repoPaths, goModule(root));
      const failure = analysis ? await describeFailure(analysis, repoPaths, { contextLines: config.excerptContextLines, maxLines: config.excerptMaxLines, maxTokens: Math.floor(budget * EXCERPT_SHARE), count }, resolveModule) : null;
      const task = options.task ? (await redactSecrets(options.task, "task")).text : null;
      const taskLocations: NamedLocation[] = task
        ? mentionsIn(task).flatMap((m) => {
            const path = pathResolver(repoPaths)(m.text);
            return path ? [{ path, line: m.line, source: "the task", strength: 0.9 }] : [];
          })
        : [];
      const base = collection.inGit ? diffBase(root, options.base ?? config.base) : null;
      const changed = new Map([...(base ? changedFiles(root, base) : [])].filter(([path]) => byPath.has(path)));
      const locations = [...(failure?.locations ?? []), ...taskLocations];
      const identifiers = namedIdentifiers(failure, task);
      const lexical = bm25(wordsOf([failure?.text ?? "", task ?? ""].join("\n")), new Map(collection.files.map((f) => [f.path, run.analyses.get(f.hash)!.terms])));
      const lexicalTop = new Set([...lexical].sort((a, b) => b[1].score - a[1].score).slice(0, LEXICAL_PARSE_TOP).map(([path]) => path));
      const parsed = await parseForSignals(collection.files, run, new Set([...locations.map((l) => l.path), ...changed.keys()]), identifiers, lexicalTop);
      phase(`parsed ${parsed.size} files for the graph and symbols`);
      const ranked = rankFiles(
        {
          paths: collection.files,
          symbols: new Map([...parsed].map(([path, source]) => [path, source.symbols])),
          graph: buildImportGraph(repoPaths, new Map([...parsed].map(([path, source]) => [path, source.imports])), goModule(root)),
          locations,
          lexical,
          namedIdentifiers: identifiers,
          categories: failure?.categories ?? [],
          changed,
          changedBase: base,
          recency: collection.inGit ? recentFiles(root) : new Map(),
          learned: failure ? await learnedFixedFiles(loaded, { fingerprints: failure.fingerprints, categories: failure.categories }) : [],
          focused: failure !== null || task !== null,
        },
        config,
      );
      phase("ranked");
      const compressor = new ContextCompressor(count);
      const exact = apiTokenCounter(config.tokens);
      const pluginItems = await collectPluginItems(loaded, task, failure);
      const candidates = mergeCandidates(
        ranked.slice(0, maxItems + CANDIDATE_SLACK).map((r) => fileCandidate(r, byPath.get(r.path)!, run, compressor, failure, config.snippetContextLines, format, count)),
        await Promise.all(pluginItems.map((item) => pluginCandidate(item, loaded.config.context.weights.plugin, compressor, format, count))),
      );
      const { pack, rendered } = await fitToBudget({
        candidates,
        compressor,
        header: { task, failure: failure?.summary ?? null },
        budget,
        maxItems,
        format,
        estimate: count,
        ...(exact ? { exact } : {}),
        cache: { hits: run.hits, misses: run.lookups - run.hits, hitRate: run.lookups ? run.hits / run.lookups : null },
        omitted: collection.skipped.filter((s) => (failure?.text ?? "").includes(s.path) || (task ?? "").includes(s.path)),
      });
      phase("fitted and rendered");
      await cache.save(run.changed);
      await cache.saveStamps(root, collection.stamps);
      await cache.recordBuild({
        id: stableHash({ at: Date.now(), root, random: Math.random() }).slice(0, 16),
        lookups: run.lookups,
        hits: run.hits,
        totalTokens: pack.totalTokens,
        fingerprint: failure?.fingerprints[0] ?? null,
        category: failure?.summary.category ?? null,
        sent: pack.items.map((i) => ({ path: i.path, mode: i.mode })),
      });
      phase(`cache saved (${run.changed.size} entries written)`);
      return { pack, rendered, explanation: { ranked, skipped: collection.skipped, pluginItems: pluginItems.map((p) => p.path) } };
    } finally {
      cache.close();
    }
  }
}

function fileCandidate(ranked: RankedFile, file: ProjectFile, run: AnalysisRun, compressor: ContextCompressor, failure: FailureContext | null, snippetLines: number, format: PackFormat, count: (t: string) => number): FitCandidate {
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
function lockfileLines(text: string, failure: FailureContext | null): number[] {
  if (!failure) return [];
  const names = new Set([...failure.text.matchAll(/['"`]?(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)?)['"`]?/gi)].map((m) => m[1]!.toLowerCase()).filter((n) => n.length >= 3));
  return text.split("\n").flatMap((line, i) => {
    const key = /["']?(@?[\w.-]+(?:\/[\w.-]+)?)["']?\s*[:@=]/.exec(line.trim())?.[1]?.replace(/^node_modules\//, "").toLowerCase();
    return key && names.has(key) ? [i + 1] : [];
  });
}

async function collectPluginItems(loaded: LoadedConfig, task: string | null, failure: FailureContext | null): Promise<CollectedContextItem[]> {
  const items: CollectedContextItem[] = [];
  for (const plugin of loaded.plugins) {
    for (const collector of plugin.definition.contextCollectors ?? []) {
      const produced = await collector({ projectRoot: loaded.projectRoot, ...(task ? { task } : {}), categories: failure?.categories ?? [] });
      items.push(...produced.map((item) => ({ ...item, reason: `${item.reason} (plugin ${plugin.name})` })));
    }
  }
  return items;
}

async function pluginCandidate(item: CollectedContextItem, weight: number, compressor: ContextCompressor, format: PackFormat, count: (t: string) => number): Promise<FitCandidate> {
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

function mergeCandidates(files: FitCandidate[], plugins: FitCandidate[]): FitCandidate[] {
  return [...files, ...plugins].sort((a, b) => b.score - a.score);
}

/**
 * Identifiers the failure and the task name that are distinctive enough to look up as declarations:
 * quoted ones, and camelCase, PascalCase, snake_case or numbered ones (not plain English words).
 */
function namedIdentifiers(failure: FailureContext | null, task: string | null): string[] {
  const text = [failure?.text ?? "", task ?? ""].join("\n");
  const quoted = [...text.matchAll(/['"`‘]([A-Za-z_$][\w$]{2,})['"`’]/g)].map((m) => m[1]!);
  const shaped = [...text.matchAll(/\b[A-Za-z_$][\w$]*(?:[a-z0-9][A-Z]|_[A-Za-z0-9])[\w$]*/g)].map((m) => m[0]);
  return [...new Set([...quoted, ...shaped])].filter((id) => id.length >= 3 && id.length <= 60);
}

function goModule(root: string): string | null {
  const file = join(root, "go.mod");
  return existsSync(file) ? (/^module\s+(\S+)/m.exec(readFileSync(file, "utf8"))?.[1] ?? null) : null;
}
