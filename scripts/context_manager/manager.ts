// AdvancedContextManager: collect -> analyse (cached) -> describe the failure -> rank -> fit the
// budget -> render, then record the build. The one place the steps meet.

import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type LoadedConfig } from "../lib/config/load.ts";
import { CfoError } from "../lib/errors.ts";
import { stableHash } from "../lib/hash.ts";
import { debug } from "../lib/log.ts";
import { analyzeFiles, parseForSignals } from "./analyze.ts";
import { ContextCacheManager } from "./cache.ts";
import { collectPluginItems, fileCandidate, mergeCandidates, pluginCandidate } from "./candidates.ts";
import { collectFiles, ownCacheFolder } from "./collect.ts";
import { ContextCompressor } from "./compress.ts";
import { describeFailure, loadAnalysis, type AnalysisInput, type FailureContext } from "./failure.ts";
import { changedFiles, diffBase, recentFiles } from "./git.ts";
import { buildImportGraph, importResolver, type ProjectNames } from "./graph.ts";
import { learnedFixedFiles } from "./learning.ts";
import { bm25, wordsOf } from "./lexical.ts";
import { mentionsIn, pathResolver, type NamedLocation } from "./locations.ts";
import { fitToBudget } from "./pack.ts";
import { rankFiles, type RankedFile } from "./rank.ts";
import type { PackFormat } from "./render.ts";
import { recordBuild, reusablePackKey, reusePack } from "./reuse.ts";
import { redactSecrets } from "../lib/secrets.ts";
import { apiTokenCounter, estimateTokens } from "./tokens.ts";
import type { ContextPack, Omission } from "./types.ts";

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
  /** Keep the ranking for --explain (a reused pack has none, so reuse is skipped). */
  explain?: boolean;
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
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new CfoError("the project root is not a directory; pass --project-root DIR of the repository", { file: root });
    const budget = options.maxTokens ?? config.maxTokens;
    const maxItems = options.maxItems ?? config.maxItems;
    const format = options.format ?? "markdown";
    const count = (text: string) => estimateTokens(text, config.tokens);

    const ownCache = ownCacheFolder(root, loaded.cacheRoot);
    const started = performance.now();
    const phase = (label: string) => debug(`context: ${label} after ${(performance.now() - started).toFixed(0)} ms`);
    const cache = await ContextCacheManager.open(loaded);
    try {
      const reuse = (options.includeCached ?? config.includeCached) && !options.forceRefresh;
      const packKey = reuse && !options.explain ? reusablePackKey(loaded, options, { budget, maxItems, format }) : null;
      const reused = packKey ? await reusePack(loaded, cache, packKey, format, count, budget) : undefined;
      if (reused) {
        phase("reused the pack built for this tree state and failure");
        return reused;
      }
      const collection = collectFiles(root, config, {
        ...(ownCache ? { ownCache } : {}),
        ...(reuse ? { stamps: await cache.stamps(root) } : {}),
      });
      phase(`collected ${collection.files.length} files (${collection.stamps.size} read)`);
      const byPath = new Map(collection.files.map((file) => [file.path, file]));
      const run = await analyzeFiles(collection.files, cache, { reuse }, count);
      phase(`analysed (${run.hits} of ${run.lookups} from the cache)`);
      const analysis = await loadAnalysis(loaded, options);
      phase("failure analysed");
      const repoPaths = collection.files.map((f) => f.path);
      const names = projectNames(root);
      const resolveModule = importResolver(repoPaths, names);
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
      const learned = failure ? await learnedFixedFiles(loaded, { fingerprints: failure.fingerprints, categories: failure.categories }) : [];
      const ranked = rankFiles(
        {
          paths: collection.files,
          symbols: new Map([...parsed].map(([path, source]) => [path, source.symbols])),
          graph: buildImportGraph(repoPaths, new Map([...parsed].map(([path, source]) => [path, source.imports])), names),
          locations,
          lexical,
          namedIdentifiers: identifiers,
          categories: failure?.categories ?? [],
          changed,
          changedBase: base,
          recency: collection.inGit ? recentFiles(root) : new Map(),
          learned,
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
      await recordBuild(cache, pack, run.lookups, run.hits, failure);
      if (packKey) {
        await cache.savePack(packKey, { fingerprints: failure?.fingerprints ?? [], categories: failure?.categories ?? [], learned: stableHash(learned), files: run.lookups, pack, rendered });
      }
      phase(`cache saved (${run.changed.size} entries written)`);
      return { pack, rendered, explanation: { ranked, skipped: collection.skipped, pluginItems: pluginItems.map((p) => p.path) } };
    } finally {
      cache.close();
    }
  }
}

/**
 * Identifiers the failure and the task name that are distinctive enough to look up as declarations:
 * quoted ones, and camelCase, PascalCase, snake_case or numbered ones (not plain English words).
 */
function namedIdentifiers(failure: FailureContext | null, task: string | null): string[] {
  const text = [failure?.text ?? "", task ?? ""].join("\n");
  const quoted = [...text.matchAll(/['"`‘]([A-Za-z_$][\w$]{2,})['"`’]/g)].map((m) => m[1]!);
  const shaped = [...text.matchAll(/\b[A-Za-z_$][\w$]*(?:[a-z0-9][A-Z]|_[A-Za-z0-9])[\w$]*/g)].map((m) => m[0]);
  const named = [...quoted, ...shaped];
  return [...new Set([...named, ...named.flatMap(testedName)])].filter((id) => id.length >= 3 && id.length <= 60);
}

/**
 * The function a test is named after, by the xUnit naming conventions: Go's `TestSortKeys` (and Benchmark, Example,
 * Fuzz; `TestFoo_bar` tests Foo), Python's `test_make_str`, JUnit's `testParse`. A failing test's name is often the
 * only pointer from a log to the code it checks; a guess that names nothing declared matches nothing.
 */
function testedName(identifier: string): string[] {
  const go = /^(?:Test|Benchmark|Example|Fuzz)([A-Z][A-Za-z0-9]*)/.exec(identifier);
  if (go) return [go[1]!];
  const snake = /^test_([a-z]\w*)$/.exec(identifier);
  if (snake) return [snake[1]!];
  const junit = /^test([A-Z])(\w*)$/.exec(identifier);
  return junit ? [junit[1]!.toLowerCase() + junit[2]!] : [];
}

/** The Go module path (go.mod) and the Rust crate name (Cargo.toml's [package] name) the project's imports use. */
function projectNames(root: string): ProjectNames {
  const read = (file: string) => (existsSync(join(root, file)) ? readFileSync(join(root, file), "utf8") : "");
  const goModule = /^module\s+(\S+)/m.exec(read("go.mod"))?.[1] ?? null;
  const cargoPackage = read("Cargo.toml").split(/^(?=\[)/m).find((section) => section.startsWith("[package]"));
  const cargo = cargoPackage ? /^name\s*=\s*"([^"]+)"/m.exec(cargoPackage)?.[1] : undefined;
  return { goModule, rustCrate: cargo ? cargo.replace(/-/g, "_") : null };
}
