// The failure being fixed, from error_parser's analysis (--analysis FILE, or --error-log run through
// its analyzeLog): categories, fingerprints, the files and lines it names, its words, and a redacted
// excerpt of the log around each error instead of the whole log.

import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { isAbsolute, resolve } from "node:path";
import type { LoadedConfig } from "../lib/config/load.ts";
import { CfoError } from "../lib/errors.ts";
import { sha256, stableHash } from "../lib/hash.ts";
import { mentionsIn, pathResolver, type NamedLocation } from "./locations.ts";
import { redactSecrets } from "../lib/secrets.ts";
import type { FailureSummary } from "./types.ts";

/** The part of error_parser's ErrorAnalysis (schemas/output/error_parser.schema.json) read here. */
export interface AnalysisInput {
  summary: { category: string; primaryError: number | null; errorCount: number };
  errors: { category: string; message: string; file: string | null; line: number | null; fingerprint: string; logLines: [number, number]; context: string[] }[];
  log: { path: string; lines?: number };
}

export interface FailureContext {
  summary: FailureSummary;
  categories: string[];
  fingerprints: string[];
  locations: NamedLocation[];
  /** Error messages and context lines: the lexical query. */
  text: string;
}

// A computed specifier: error_parser is another concern's entry, loaded only when a raw log is given.
const errorParserEntry = "../error_parser.ts";

type FailureInput = { errorLog?: string; analysis?: string | AnalysisInput };

/** Where the failure comes from: the analysis object, an analysis file, or a log file (null: none given). */
function failureSource(input: FailureInput): { analysis: AnalysisInput } | { analysisFile: string } | { logPath: string } | null {
  if (typeof input.analysis === "object") return { analysis: input.analysis };
  if (typeof input.analysis === "string") {
    // Paths on the command line are relative to where the user is, as for --error-log.
    const file = resolve(process.cwd(), input.analysis);
    if (!existsSync(file)) throw new CfoError("analysis file not found", { file: input.analysis });
    if (!statSync(file).isFile()) throw new CfoError("--analysis names a directory, not error_parser's JSON", { file: input.analysis });
    return { analysisFile: file };
  }
  if (input.errorLog === undefined) return null;
  const logPath = input.errorLog === "-" || isAbsolute(input.errorLog) ? input.errorLog : resolve(process.cwd(), input.errorLog);
  if (logPath !== "-" && !existsSync(logPath)) throw new CfoError("error log not found", { file: input.errorLog });
  if (logPath !== "-" && !statSync(logPath).isFile()) throw new CfoError("--error-log names a directory, not a log file", { file: input.errorLog });
  return { logPath };
}

export async function loadAnalysis(loaded: LoadedConfig, input: FailureInput): Promise<AnalysisInput | null> {
  const source = failureSource(input);
  if (!source) return null;
  if ("analysis" in source) return source.analysis;
  if ("analysisFile" in source) {
    try {
      return JSON.parse(readFileSync(source.analysisFile, "utf8")) as AnalysisInput;
    } catch (error) {
      throw new CfoError(`not error_parser JSON: ${(error as Error).message}`, { file: input.analysis as string });
    }
  }
  const { analyzeLog } = (await import(errorParserEntry)) as { analyzeLog: (loaded: LoadedConfig, input: { logPath: string }) => Promise<AnalysisInput> };
  return analyzeLog(loaded, { logPath: source.logPath });
}

/**
 * An identity of the failure input for reusing a whole pack: the analysis's content, or a log's path,
 * size and mtime (a log can be a gigabyte; it is not read twice). Undefined when it cannot be re-read (stdin).
 */
export function failureIdentity(input: FailureInput): string | null | undefined {
  const source = failureSource(input);
  if (!source) return null;
  if ("analysis" in source) return stableHash(source.analysis);
  if ("analysisFile" in source) return sha256(readFileSync(source.analysisFile));
  if (source.logPath === "-") return undefined;
  const stat = statSync(source.logPath);
  return stableHash([source.logPath, stat.size, stat.mtimeMs]);
}

/** Module specifiers an error quotes (`'"../operators/OperatorSubscriber"' has no exported member`). */
const QUOTED_MODULE = /["'`](\.{1,2}\/[^"'`\s]+)["'`]/g;

export interface ExcerptSettings {
  contextLines: number;
  maxLines: number;
  /** The excerpt's share of the budget, in tokens. */
  maxTokens: number;
  count: (text: string) => number;
}

export async function describeFailure(analysis: AnalysisInput, repoPaths: string[], settings: ExcerptSettings, resolveModule: (from: string, specifier: string) => string[]): Promise<FailureContext> {
  const resolvePath = pathResolver(repoPaths);
  const locations: NamedLocation[] = [];
  const ordered = orderErrors(analysis);
  ordered.forEach((error, index) => {
    const source = `error ${index + 1} (${error.category})`;
    const mentions = [...(error.file ? [{ text: error.file, line: error.line }] : []), ...[error.message, ...error.context].flatMap(mentionsIn)];
    mentions.forEach((mention, order) => {
      const path = resolvePath(mention.text);
      if (path) locations.push({ path, line: mention.line, source: order === 0 && error.file ? source : `${source}, stack/context`, strength: Math.max(0.4, 1 - 0.15 * index - 0.05 * order) });
    });
    // The quoting file: the error's own, or the first file its message names (tsc's `a.ts(6,10): ...`).
    const from = [error.file, ...mentionsIn(error.message).map((m) => m.text)].map((text) => (text ? resolvePath(text) : undefined)).find(Boolean);
    for (const match of from ? error.message.matchAll(QUOTED_MODULE) : []) {
      for (const path of resolveModule(from!, match[1]!)) locations.push({ path, line: null, source: `${source}, the module it quotes`, strength: Math.max(0.4, 1 - 0.15 * index) });
    }
  });
  const excerpt = await excerptOf(analysis, settings);
  for (const line of excerpt.split("\n")) {
    for (const mention of mentionsIn(line)) {
      const path = resolvePath(mention.text);
      if (path) locations.push({ path, line: mention.line, source: "log excerpt", strength: 0.5 });
    }
  }
  const primary = ordered[0];
  return {
    summary: {
      category: analysis.summary.category,
      message: primary ? (await redactSecrets(primary.message, "failure.log")).text : null,
      errorCount: analysis.summary.errorCount,
      fingerprints: [...new Set(ordered.map((e) => e.fingerprint))],
      excerpt,
    },
    categories: [...new Set([analysis.summary.category, ...ordered.map((e) => e.category)])],
    fingerprints: [...new Set(ordered.map((e) => e.fingerprint))],
    locations,
    text: ordered.flatMap((e) => [e.message, ...e.context]).join("\n"),
  };
}

/** The primary error first, then the rest in log order. */
function orderErrors(analysis: AnalysisInput): AnalysisInput["errors"] {
  const primary = analysis.summary.primaryError;
  const first = primary !== null ? analysis.errors[primary] : undefined;
  return first ? [first, ...analysis.errors.filter((e) => e !== first)] : analysis.errors;
}

/** Lines around each error's logLines, merged, capped, numbered, redacted; the log is streamed, never held whole. */
async function excerptOf(analysis: AnalysisInput, settings: ExcerptSettings): Promise<string> {
  const logPath = analysis.log.path;
  const total = analysis.log.lines;
  if (!logPath || logPath === "-" || !existsSync(logPath) || !total) return (await redactSecrets(analysis.errors.flatMap((e) => e.context).join("\n"), "failure.log")).text;
  const ranges: [number, number][] = [];
  const wanted = analysis.errors.length ? analysis.errors.map((e) => e.logLines) : [[Math.max(1, total - 30), total] as [number, number]];
  for (const [first, last] of [...wanted].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(1, first - settings.contextLines);
    const to = Math.min(total, last + settings.contextLines);
    const previous = ranges.at(-1);
    if (previous && from <= previous[1] + 1) previous[1] = Math.max(previous[1], to);
    else ranges.push([from, to]);
  }
  const shown: [number, number][] = [];
  let room = settings.maxLines;
  const notes = new Map<number, string>();
  for (const [from, to] of ranges) {
    if (room <= 0) {
      notes.set(shown.length, `… (more errors in the log after line ${from})`);
      break;
    }
    const end = Math.min(to, from + room - 1);
    shown.push([from, end]);
    if (end < to) notes.set(shown.length, `… (log lines ${end + 1}-${to} cut: excerpt limit ${settings.maxLines} lines)`);
    room -= end - from + 1;
  }
  const text = await readLineRanges(logPath, shown);
  const out: string[] = [];
  shown.forEach(([from, end], index) => {
    out.push(`--- log lines ${from}-${end} ---`);
    for (let n = from; n <= end; n++) out.push(text.get(n) ?? "");
    const note = notes.get(index + 1);
    if (note) out.push(note);
  });
  let cut = false;
  while (out.length > 1 && settings.count(out.join("\n")) > settings.maxTokens) {
    out.pop();
    cut = true;
  }
  if (cut) out.push(`… (excerpt cut at ${settings.maxTokens} tokens, a fifth of the budget)`);
  return (await redactSecrets(out.join("\n"), "failure.log")).text;
}

/** The text of the lines in `ranges` (1-based, sorted), reading the file as a stream up to the last one. */
async function readLineRanges(path: string, ranges: [number, number][]): Promise<Map<number, string>> {
  const picked = new Map<number, string>();
  const lastWanted = ranges.at(-1)?.[1] ?? 0;
  const stream = createReadStream(path);
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  let range = 0;
  for await (const line of reader) {
    number++;
    while (range < ranges.length && number > ranges[range]![1]) range++;
    if (range < ranges.length && number >= ranges[range]![0]) picked.set(number, line);
    if (number >= lastWanted) break;
  }
  reader.close();
  stream.destroy();
  return picked;
}
