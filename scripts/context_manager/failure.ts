// The failure being fixed, from error_parser's analysis (--analysis FILE, or --error-log run through
// its analyzeLog): categories, fingerprints, the files and lines it names, its words, and a redacted
// excerpt of the log around each error instead of the whole log.

import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { LoadedConfig } from "../lib/config/load.ts";
import { CfoError } from "../lib/errors.ts";
import { mentionsIn, pathResolver, type NamedLocation } from "./locations.ts";
import { redactSecrets } from "./secrets.ts";
import type { FailureSummary } from "./types.ts";

/** The part of error_parser's ErrorAnalysis (schemas/output/error_parser.schema.json) read here. */
export interface AnalysisInput {
  summary: { category: string; primaryError: number | null; errorCount: number };
  errors: { category: string; message: string; file: string | null; line: number | null; fingerprint: string; logLines: [number, number]; context: string[] }[];
  log: { path: string };
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

export async function loadAnalysis(loaded: LoadedConfig, input: { errorLog?: string; analysis?: string | AnalysisInput }): Promise<AnalysisInput | null> {
  if (typeof input.analysis === "object") return input.analysis;
  if (typeof input.analysis === "string") {
    const file = resolve(loaded.projectRoot, input.analysis);
    if (!existsSync(file)) throw new CfoError("analysis file not found", { file: input.analysis });
    try {
      return JSON.parse(readFileSync(file, "utf8")) as AnalysisInput;
    } catch (error) {
      throw new CfoError(`not error_parser JSON: ${(error as Error).message}`, { file: input.analysis });
    }
  }
  if (input.errorLog === undefined) return null;
  const logPath = input.errorLog === "-" || isAbsolute(input.errorLog) ? input.errorLog : resolve(process.cwd(), input.errorLog);
  if (logPath !== "-" && !existsSync(logPath)) throw new CfoError("error log not found", { file: input.errorLog });
  const { analyzeLog } = (await import(errorParserEntry)) as { analyzeLog: (loaded: LoadedConfig, input: { logPath: string }) => Promise<AnalysisInput> };
  return analyzeLog(loaded, { logPath });
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

/** Lines around each error's logLines, merged, capped, numbered, redacted. */
async function excerptOf(analysis: AnalysisInput, settings: ExcerptSettings): Promise<string> {
  const logPath = analysis.log.path;
  const lines = logPath && logPath !== "-" && existsSync(logPath) ? readFileSync(logPath, "utf8").split("\n") : null;
  if (!lines) return (await redactSecrets(analysis.errors.flatMap((e) => e.context).join("\n"), "failure.log")).text;
  const ranges: [number, number][] = [];
  const wanted = analysis.errors.length ? analysis.errors.map((e) => e.logLines) : [[Math.max(1, lines.length - 30), lines.length] as [number, number]];
  for (const [first, last] of [...wanted].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(1, first - settings.contextLines);
    const to = Math.min(lines.length, last + settings.contextLines);
    const previous = ranges.at(-1);
    if (previous && from <= previous[1] + 1) previous[1] = Math.max(previous[1], to);
    else ranges.push([from, to]);
  }
  const shown: string[] = [];
  let budget = settings.maxLines;
  for (const [from, to] of ranges) {
    if (budget <= 0) {
      shown.push(`… (more errors in the log after line ${from})`);
      break;
    }
    const end = Math.min(to, from + budget - 1);
    shown.push(`--- log lines ${from}-${end} ---`, ...lines.slice(from - 1, end));
    if (end < to) shown.push(`… (log lines ${end + 1}-${to} cut: excerpt limit ${settings.maxLines} lines)`);
    budget -= end - from + 1;
  }
  let cut = false;
  while (shown.length > 1 && settings.count(shown.join("\n")) > settings.maxTokens) {
    shown.pop();
    cut = true;
  }
  if (cut) shown.push(`… (excerpt cut at ${settings.maxTokens} tokens, a fifth of the budget)`);
  return (await redactSecrets(shown.join("\n"), "failure.log")).text;
}
