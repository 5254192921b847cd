// analyzeLog: one log in, one ErrorAnalysis out. Streams the log through the extractor, picks the
// primary cause, asks the store about recurrences and earlier analyses, and lets the RetryManager
// decide. The library entry every caller uses (the CLI, the runner, tests).

import { statSync } from "node:fs";
import type { LoadedConfig } from "../lib/config/load.ts";
import { CfoError } from "../lib/errors.ts";
import { redactSecrets } from "../lib/secrets.ts";
import { ErrorCache } from "./cache.ts";
import { ErrorClassifier } from "./classifier.ts";
import { ErrorExtractor, type ExtractedError } from "./extract.ts";
import { findLocation } from "./location.ts";
import { choosePrimary } from "./primary.ts";
import { LogScanner } from "./scanner.ts";
import { RetryManager, type RetryEvidenceSource, type RetryQuestion } from "./retry.ts";
import type { AnalyzedError, ErrorAnalysis } from "./types.ts";
import { classifyUnknown } from "./llm.ts";

export interface AnalyzeInput {
  /** A file path, or "-" for stdin. */
  logPath: string;
  retryCount?: number;
  workflowId?: string;
  learning?: RetryEvidenceSource;
}

const DEFAULT_WORKFLOW = "default";
const CONFIG_FILE = /(?:^|\/)(?:[\w.-]+\.(?:toml|ya?ml|ini|cfg|conf)|package\.json|tsconfig(?:\.[\w-]+)?\.json|pom\.xml|\.\w+rc(?:\.json)?|Makefile|CMakeLists\.txt)$/;

export async function analyzeLog(loaded: LoadedConfig, input: AnalyzeInput): Promise<ErrorAnalysis> {
  checkReadable(input.logPath);
  const settings = loaded.config.errors;
  const scanner = new LogScanner(settings.maxLineBytes);
  const extractor = new ErrorExtractor(ErrorClassifier.fromConfig(loaded), settings, scanner.recent);
  let facts;
  try {
    facts = await scanner.scan(input.logPath, extractor);
  } catch (error) {
    throw new CfoError(`cannot read the log: ${(error as Error).message}`, { file: input.logPath });
  }
  const log = { path: input.logPath, ...facts };
  const cache = await ErrorCache.open(loaded);
  try {
    const retryManager = new RetryManager(settings.retry, input.learning);
    const retryCount = input.retryCount ?? 0;
    const cached = await cache.lookup(log.sha256, loaded.hash);
    if (cached) {
      const { analysis } = cached;
      const main = analysis.summary.primaryError === null ? undefined : analysis.errors[analysis.summary.primaryError];
      const retry = await retryManager.decide(retryQuestion(main, cached.patternRetry, retryCount));
      return { ...analysis, summary: { ...analysis.summary, retryRecommended: retry.recommended }, retry, log, cached: true };
    }

    const { errors: extracted, primary } = choosePrimary(extractor.finish(facts.lines));
    const workflowId = input.workflowId ?? DEFAULT_WORKFLOW;
    const errors: AnalyzedError[] = [];
    for (const error of extracted) errors.push(await describe(error, loaded, cache));
    await redactErrors(errors);
    const main = primary === null ? undefined : errors[primary];
    if (main?.category === "unknown") await refineUnknown(main, extracted[primary!]!, loaded, cache);

    const patternRetry = main ? (patternRetryOf(extracted[primary!]!, main) ?? null) : null;
    const decision = await retryManager.decide(retryQuestion(main, patternRetry, retryCount));
    const analysis: ErrorAnalysis = {
      summary: {
        category: main?.category ?? "unknown",
        severity: main?.severity ?? "low",
        retryRecommended: decision.recommended,
        errorCount: errors.length,
        primaryError: primary,
      },
      retry: decision,
      errors,
      log,
      cached: false,
      configHash: loaded.hash,
    };
    await cache.record({ analysis, patternRetry }, workflowId, errors.map((e) => ({ fingerprint: e.fingerprint, category: e.category, message: e.message })));
    return analysis;
  } finally {
    cache.close();
  }
}

export async function analysisCacheStats(loaded: LoadedConfig, { days }: { days: number }): Promise<{ lookups: number; hits: number; hitRate: number | null }> {
  const cache = await ErrorCache.open(loaded);
  try {
    return await cache.cacheStats(days);
  } finally {
    cache.close();
  }
}

async function describe(error: ExtractedError, loaded: LoadedConfig, cache: ErrorCache): Promise<AnalyzedError> {
  const location = findLocation(error.lines, loaded.projectRoot);
  // A file that does not parse is a configuration error when the file is configuration (Cargo.toml, tsconfig.json).
  const match = ["syntax", "unknown"].includes(error.match.category) && CONFIG_FILE.test(location.file) ? { ...error.match, category: "configuration" } : error.match;
  const earlier = await cache.recurrence(error.fingerprint, loaded.config.errors.recurrenceDays);
  return {
    category: match.category,
    severity: match.severity,
    tool: match.tool,
    message: error.message,
    file: location.file || null,
    line: location.line,
    column: location.column,
    fingerprint: error.fingerprint,
    occurrences: error.occurrences,
    logLines: [error.first, error.last],
    context: error.context,
    patternId: match.patternId,
    retryable: match.retry ?? loaded.config.errors.retry.categories[match.category] ?? false,
    recurring: earlier ? { ...earlier, count: earlier.count + 1, lastSeen: new Date().toISOString() } : null,
  };
}

function retryQuestion(main: AnalyzedError | undefined, patternRetry: boolean | null, retryCount: number): RetryQuestion {
  return {
    category: main?.category ?? "unknown",
    ...(patternRetry === null ? {} : { patternRetry }),
    fingerprint: main?.fingerprint ?? null,
    retryCount,
  };
}

/** The pattern's own retry flag, unless Claude reclassified the error (then its answer is the pattern). */
function patternRetryOf(extracted: ExtractedError, analyzed: AnalyzedError): boolean | undefined {
  return analyzed.patternId === extracted.match.patternId ? extracted.match.retry : analyzed.retryable;
}

async function refineUnknown(error: AnalyzedError, extracted: ExtractedError, loaded: LoadedConfig, cache: ErrorCache): Promise<void> {
  const answer = await classifyUnknown(loaded, cache, error.fingerprint, [...extracted.context, ...extracted.lines]);
  if (!answer) return;
  error.category = answer.category;
  error.retryable = answer.retryable;
  error.patternId = "llm.claude";
  error.severity = answer.severity;
}

/** Every error's message and context lines, redacted in one scan (one secretlint pass per log, not per error). */
async function redactErrors(errors: AnalyzedError[]): Promise<void> {
  const clean = await redacted(errors.flatMap((error) => [error.message, ...error.context]));
  let at = 0;
  for (const error of errors) {
    error.message = clean[at++]!;
    error.context = clean.slice(at, (at += error.context.length));
  }
}

/** A log can echo a secret (a token in a failed request): what is stored, printed or sent to Claude is redacted. */
async function redacted(lines: string[]): Promise<string[]> {
  const { text } = await redactSecrets(lines.map((line) => line.replace(/\n/g, " ")).join("\n"), "ci.log");
  return text.split("\n");
}

function checkReadable(logPath: string): void {
  if (logPath === "-") return;
  let stats;
  try {
    stats = statSync(logPath);
  } catch {
    throw new CfoError("log file not found; pass an existing file to --log, or - for stdin", { file: logPath });
  }
  if (stats.isDirectory()) throw new CfoError("--log names a directory; pass a log file", { file: logPath });
}
