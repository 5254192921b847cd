// Per-file analysis through the cache, as lazily as the signals allow: every file gets a token
// count and lexical terms (reused by content hash); only files a signal or the pack needs are
// parsed (imports, symbols, comment lines); only files the pack may show are scanned for secrets
// and outlined, and the outline is built from the redacted text.

import type { ContextCacheManager, FileAnalysis, ParsedSource } from "./cache.ts";
import { hashTerm, termCounts } from "./lexical.ts";
import { analyzeSource, canParse } from "./parse.ts";
import { progress } from "../lib/log.ts";
import { applyRedactions, findSecrets } from "../lib/secrets.ts";
import type { ProjectFile } from "./types.ts";

export interface AnalysisRun {
  /** By content hash. */
  analyses: Map<string, FileAnalysis>;
  lookups: number;
  hits: number;
  /** Entries created or completed in this build, to write back. */
  changed: Map<string, FileAnalysis>;
}

const NOT_PARSED: ParsedSource = { imports: [], symbols: [], commentLines: [] };
/** Bundles and minified files this large are not parsed for the graph (they import nothing of the repo's own that matters). */
const PARSE_MAX_BYTES = 60_000;

export async function analyzeFiles(files: ProjectFile[], cache: ContextCacheManager, options: { reuse: boolean }, countTokens: (text: string) => number): Promise<AnalysisRun> {
  const unique = new Map(files.map((file) => [file.hash, file]));
  const cached = options.reuse ? await cache.lookup([...unique.keys()]) : new Map<string, FileAnalysis>();
  const run: AnalysisRun = { analyses: new Map(), lookups: unique.size, hits: 0, changed: new Map() };
  const shown = progress("context: analyzing files", " files");
  let done = 0;
  for (const [hash, file] of unique) {
    shown.update(++done, unique.size);
    const hit = cached.get(hash);
    if (hit) {
      run.hits++;
      run.analyses.set(hash, hit);
      continue;
    }
    const analysis: FileAnalysis = { tokens: countTokens(file.content), parsed: null, terms: termCounts(file.content), secrets: null, outline: null };
    run.analyses.set(hash, analysis);
    run.changed.set(hash, analysis);
  }
  shown.finish();
  return run;
}

/** The file's imports, symbols and comment lines, parsing it now if no build has yet. */
export async function parsedSource(file: ProjectFile, run: AnalysisRun): Promise<ParsedSource> {
  const analysis = run.analyses.get(file.hash)!;
  if (analysis.parsed) return analysis.parsed;
  if (!canParse(file.path)) return NOT_PARSED;
  const { imports, symbols, commentLines } = await analyzeSource(file.path, file.content);
  analysis.parsed = { imports, symbols, commentLines };
  run.changed.set(file.hash, analysis);
  return analysis.parsed;
}

/** The file's text as it may leave (secrets redacted), completing the cache entry's scan and outline. */
export async function redactedView(file: ProjectFile, run: AnalysisRun): Promise<{ text: string; analysis: FileAnalysis; parsed: ParsedSource }> {
  const analysis = run.analyses.get(file.hash)!;
  const parsed = await parsedSource(file, run);
  if (analysis.secrets === null) {
    analysis.secrets = await findSecrets(file.content, file.path);
    run.changed.set(file.hash, analysis);
  }
  const text = analysis.secrets.length ? applyRedactions(file.content, analysis.secrets) : file.content;
  if (analysis.outline === null && canParse(file.path)) {
    analysis.outline = (await analyzeSource(file.path, text)).outline ?? "";
    run.changed.set(file.hash, analysis);
  }
  return { text, analysis, parsed };
}

/** A seed whose name more files mention than this is a hub: who imports it says little. */
const HUB_IMPORTERS = 80;

/**
 * Parses only the files the graph and symbol signals can use: the seeds (for what they import),
 * files whose terms include a seed's name (only those can import it; not for hubs), and, for the
 * identifiers the failure names, the best lexical matches and files named after an identifier.
 */
export async function parseForSignals(files: ProjectFile[], run: AnalysisRun, seeds: Set<string>, identifiers: string[], lexicalTop: Set<string>): Promise<Map<string, ParsedSource>> {
  const parseable = files.filter((file) => canParse(file.path) && (file.bytes <= PARSE_MAX_BYTES || seeds.has(file.path)));
  const wanted = new Set<ProjectFile>(parseable.filter((file) => seeds.has(file.path) || lexicalTop.has(file.path)));
  const names = new Set(identifiers);
  for (const file of parseable) if (names.has(stemOf(file.path))) wanted.add(file);
  for (const seed of seeds) {
    const parts = seed.split("/");
    const stem = stemOf(seed);
    const needle = /^(index|mod|__init__|lib|main)$/.test(stem) && parts.length > 1 ? parts.at(-2)! : stem;
    if (needle.length < 3) continue;
    const term = hashTerm(needle.toLowerCase());
    const importers = parseable.filter((file) => run.analyses.get(file.hash)!.terms.has(term));
    if (importers.length <= HUB_IMPORTERS) for (const file of importers) wanted.add(file);
  }
  const parsed = new Map<string, ParsedSource>();
  for (const file of wanted) parsed.set(file.path, await parsedSource(file, run));
  return parsed;
}

function stemOf(path: string): string {
  return path.split("/").at(-1)!.replace(/\..*$/, "");
}
