// ErrorClassifier (the seed's name): the configured patterns and plugin classifier functions, tried in
// order on one cleaned log line. A cheap keyword prefilter skips the regexes on lines that cannot match
// a shipped pattern, and matching only ever sees the first `maxLineBytes` characters of a line.

import type { LoadedConfig } from "../lib/config/load.ts";
import type { Classifier } from "../lib/plugin.ts";
import type { ErrorPattern, Severity } from "../lib/config/types.ts";
import type { PatternRole } from "./config.ts";
import { debug } from "../lib/log.ts";
import { PatternCandidates, requiredLiterals } from "./candidates.ts";
import { OPEN_GATE, patternGate } from "./gate.ts";
import { LiteralSet } from "./literals.ts";

export interface LineMatch {
  patternId: string;
  category: string;
  severity: Severity;
  retry?: boolean;
  fixTime?: number;
  tool: string;
  role: PatternRole;
  /** Position in the pattern list: lower is more specific (it was tried earlier). */
  rank: number;
}

/**
 * Every line a shipped error or symptom pattern matches holds one of these words (a test checks it on real
 * logs), so lines without them skip all regexes. Project and plugin patterns are not bound by it: they run
 * on every line. Case variants and first-letter grouping instead of the `i` flag keep the scan fast.
 */
const KEYWORDS = [
  "err", "fail", "fatal", "exception", "panic", "traceback", "abort", "crash", "kill", "denied", "refuse", "reset", "timed out",
  "timeout", "deadline", "exceed", "unreachable", "not found", "no such", "cannot", "can't", "could not", "couldn't", "unable",
  "missing", "invalid", "unknown", "unrecogni", "expected", "undefined", "undeclared", "not defined", "never defined",
  "not a member", "not in scope", "not installed", "not recognized", "not available", "not authorized", "not accessible",
  "not known", "not used", "mismatch", "incompatible", "conflict", "unsatisf", "assert", "exit", "segmentation", "sigsegv",
  "sigabrt", "sigbus", "sigkill", "core dump", "out of", "bad_alloc", "too many", "toomany", "rate limit", "forbidden",
  "unauthori", "permission", "credential", "econn", "etimedout", "eai_again", "enotfound", "eacces", "eperm", "emfile",
  "enfile", "enospc", "eresolve", "etarget", "elifecycle", "gateway", "unavailable", "handshake", "eof", "hung up", "broke",
  "getaddrinfo", "nodename", "quota", "rejection", "uncaught", "illegal", "double free", "smash", "sanitizer", "terminate",
  "floating point", "categoryinfo", "whitespace", "longer than", "tldr", "offense", "offence", "violation", "severity",
  "wrong", "uninitialized", "don't know how", "lockfile", "lock file", "code style", "no matching", "no rule", "no output",
  "canceled", "shutdown", "lost communication", "caused by", "not ok", "resolutionimpossible", "rakefile", "short test summary",
  "exists as", "unbound", "dubious",
];
/** Shapes without a keyword, each with the literals one of which any match holds (for the fast scan). */
const SHAPES: [source: string, literals: string[]][] = [
  ["[✗✕×✖✘●❌]", [..."✗✕×✖✘●❌"]],
  [String.raw`\[-\]`, ["[-]"]],
  [String.raw`char:\d`, ["char:"]],
  [String.raw`\[40\d\]`, ["[40"]],
  [String.raw`\b429\b`, ["429"]],
  [String.raw`_test\.go:\d`, ["_test.go:"]],
];
/** Shapes at the start of a line: one anchored regex fails on the first character of most lines. */
const LINE_START_SHAPES = [String.raw`E\s\s`, "_{3}", "-{4} ", String.raw`\s+\d+\) `, String.raw`\*\* \(`, String.raw`rspec \.`];

const PREFILTER_WORDS = KEYWORDS.flatMap(caseVariants);
export const PREFILTER = new RegExp([firstLetterGroups(PREFILTER_WORDS), ...SHAPES.map(([source]) => source), ...LINE_START_SHAPES.map((source) => `^${source}`)].join("|"));
/** Every line the prefilter passes holds a keyword or a shape's literal or starts with a line-start shape. */
export const PREFILTER_KEYWORDS: readonly string[] = PREFILTER_WORDS;
export const PREFILTER_SHAPE_LITERALS: readonly string[] = SHAPES.flatMap(([, literals]) => literals);
const PREFILTER_TRIGGERS = [...PREFILTER_WORDS, ...PREFILTER_SHAPE_LITERALS];
/** The shapes' literals are a hint: the shape's regex decides. */
const PREFILTER_LITERALS = new LiteralSet([...PREFILTER_TRIGGERS]);
export const PREFILTER_LINE_START = new RegExp(`^(?:${LINE_START_SHAPES.join("|")})`);

/**
 * `PREFILTER.test(text)`, fast: a keyword decides in one byte-table pass, and the regex runs only on the
 * few lines that hold a shape's literal but no keyword.
 */
export function passesPrefilter(text: string): boolean {
  if (PREFILTER_LINE_START.test(text)) return true;
  sawShapeLiteral = false;
  return PREFILTER_LITERALS.some(text, visitPrefilterLiteral) || (sawShapeLiteral && PREFILTER.test(text));
}

/**
 * `passesPrefilter(text)` for a caller that searched the text already: `keyword` whether it holds a keyword
 * (undefined: not known), `mayHoldShape` false when it holds no shape literal.
 */
function passesPrefilterGiven(text: string, keyword: boolean | undefined, mayHoldShape: boolean): boolean {
  if (keyword === undefined) return passesPrefilter(text);
  // Without a keyword, only a shape passes (PREFILTER's other alternatives).
  return keyword || (mayHoldShape ? PREFILTER.test(text) : PREFILTER_LINE_START.test(text));
}

/** Module state rather than a closure per call: this runs on every line of the log. */
let sawShapeLiteral = false;
function visitPrefilterLiteral(index: number): boolean {
  if (index < PREFILTER_WORDS.length) return true;
  sawShapeLiteral = true;
  return false;
}

function caseVariants(word: string): string[] {
  return [...new Set([word, word[0]!.toUpperCase() + word.slice(1), word.toUpperCase()])];
}

function firstLetterGroups(words: string[]): string {
  const groups = new Map<string, string[]>();
  for (const word of words) groups.set(word[0]!, [...(groups.get(word[0]!) ?? []), escapeRegex(word.slice(1))]);
  return `(?:${[...groups].map(([first, rests]) => `${escapeRegex(first)}(?:${rests.join("|")})`).join("|")})`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Bounds of the answers kept: few, so that they die young (a large memo's entries outlive the collector's young
 * generation and pile up), and for short lines (a key may keep its raw line, up to `maxLineBytes`, alive).
 */
const MEMO_LINES = 512;
const MEMO_MAX_CHARS = 256;
/** Characters hashed at each end of a line for its memo slot. */
const MEMO_HASHED_CHARS = 24;

export interface CompiledPattern extends Required<Pick<ErrorPattern, "id" | "category" | "pattern">> {
  regex: RegExp;
  severity: Severity;
  retry?: boolean;
  fixTime?: number;
  tool: string;
  role: PatternRole;
  /** Shipped patterns run only on prefiltered lines; the project's and plugins' run on every line. */
  prefiltered: boolean;
}

const CATEGORY_SEVERITY: Record<string, Severity> = {
  system: "critical",
  syntax: "high",
  dependency: "high",
  configuration: "high",
  runtime: "high",
  permission: "high",
  test: "medium",
  network: "medium",
  timeout: "medium",
  unknown: "medium",
};

export function defaultSeverity(category: string): Severity {
  return CATEGORY_SEVERITY[category] ?? "medium";
}

export class ErrorClassifier {
  readonly patterns: CompiledPattern[];
  private readonly unfiltered: CompiledPattern[];
  /**
   * Literals one of which every (cleaned) line a project or plugin pattern can match holds (in any ASCII case when unfilteredAnyCase); []
   * when there is no such pattern; undefined when one could match a line without any (see requiredLiterals, or a
   * plugin classifier function): then every line is classified. A literal split by an ANSI code in the raw line is missed.
   */
  readonly unfilteredLiterals: readonly string[] | undefined;
  /** The literals are looked for in any ASCII case: a project or plugin pattern has the `i` flag. */
  readonly unfilteredAnyCase: boolean;
  private readonly unfilteredLiteralSet: LiteralSet | undefined;
  /**
   * The gate (all shipped error and symptom patterns as one test: can any of them match?) and past it, only the
   * patterns whose literals the line holds, from one automaton pass.
   */
  private readonly candidates: PatternCandidates;
  /** The network patterns in one regex, to read what a retry warning says about the cause. */
  private readonly network: RegExp;
  private readonly classifiers: Classifier[];
  private readonly maxLineChars: number;
  /** Lines repeat within a log (the same test output, warning or progress line): recent answers are kept, by a hash of the line. */
  private readonly memoTexts: (string | undefined)[] = new Array(MEMO_LINES).fill(undefined);
  private readonly memoAnswers: (LineMatch | undefined)[] = new Array(MEMO_LINES).fill(undefined);

  constructor(patterns: ErrorPattern[], options: { classifiers?: Classifier[]; maxLineChars: number; isShipped: (id: string) => boolean }) {
    // Project and plugin patterns are about this project, so they are tried before the shipped ones.
    const ordered = [...patterns.filter((p) => !options.isShipped(p.id)), ...patterns.filter((p) => options.isShipped(p.id))];
    this.patterns = ordered.map((p) => ({
      id: p.id,
      category: p.category,
      pattern: p.pattern,
      regex: new RegExp(p.pattern, (p.flags ?? "").replace(/[gy]/g, "")),
      severity: p.severity ?? defaultSeverity(p.category),
      ...(p.retry !== undefined ? { retry: p.retry } : {}),
      ...(p.fix_time !== undefined ? { fixTime: p.fix_time } : {}),
      tool: p.tool ?? "unknown",
      role: p.role ?? "error",
      prefiltered: options.isShipped(p.id),
    }));
    this.unfiltered = this.patterns.filter((p) => !p.prefiltered);
    this.unfilteredLiterals = unfilteredLiterals(this.unfiltered, options.classifiers ?? []);
    this.unfilteredAnyCase = this.unfiltered.some((p) => p.regex.ignoreCase);
    this.unfilteredLiteralSet = this.unfilteredLiterals?.length ? new LiteralSet([...this.unfilteredLiterals], { anyCase: this.unfilteredAnyCase }) : undefined;
    const gated = this.patterns.filter((p) => p.prefiltered && p.role !== "warning");
    this.network = new RegExp(this.patterns.filter((p) => p.category === "network" && p.role === "error").map((p) => `(?:${p.pattern})`).join("|") || "(?!)");
    const gate = gated.every((p) => p.regex.flags === "") ? patternGate(gated.map((p) => p.pattern)) : OPEN_GATE;
    this.candidates = PatternCandidates.of(this.patterns, gate);
    this.classifiers = options.classifiers ?? [];
    this.maxLineChars = options.maxLineChars;
  }

  static fromConfig(loaded: LoadedConfig): ErrorClassifier {
    const { errors } = loaded.config;
    return new ErrorClassifier(errors.patterns, {
      classifiers: loaded.plugins.flatMap((plugin) => plugin.definition.classifiers ?? []),
      maxLineChars: errors.maxLineBytes,
      // Items merged from a later layer carry their own origin; the shipped list only the list's.
      isShipped: (id) => (loaded.origins.get(`errors.patterns[id=${id}]`) ?? loaded.origins.get("errors.patterns"))?.startsWith("default ") === true,
    });
  }

  /**
   * True when no pattern or classifier can match this raw line, so it need not even be cleaned. A caller that
   * searched the line already says what it holds: `keyword` whether it holds a prefilter keyword (undefined: not
   * known), `mayHoldShape` and `mayHoldProjectLiteral` false when it holds no shape literal or project literal.
   */
  canSkip(raw: string, keyword?: boolean, mayHoldShape = true, mayHoldProjectLiteral = true): boolean {
    if (this.unfilteredLiterals === undefined || passesPrefilterGiven(raw, keyword, mayHoldShape)) return false;
    return this.unfilteredLiteralSet === undefined || !mayHoldProjectLiteral || !this.unfilteredLiteralSet.some(raw, found);
  }

  /** True when a line (typically a retry warning) shows a network failure. */
  isNetworkSign(line: string): boolean {
    return this.network.test(line.slice(0, this.maxLineChars));
  }

  /** `keyword`, `mayHoldShape`: what a search of `line` found, as for canSkip. */
  classify(line: string, lineNumber: number, keyword?: boolean, mayHoldShape = true): LineMatch | undefined {
    const cut = line.length > this.maxLineChars;
    const text = cut ? line.slice(0, this.maxLineChars) : line;
    const known = cut ? undefined : keyword;
    // Plugin classifiers see the line number, so their answers are not reused.
    if (this.classifiers.length > 0 || text.length > MEMO_MAX_CHARS) return this.match(text, lineNumber, known, mayHoldShape);
    const slot = memoSlot(text);
    if (this.memoTexts[slot] !== text) {
      this.memoTexts[slot] = text;
      this.memoAnswers[slot] = this.match(text, lineNumber, known, mayHoldShape);
    }
    return this.memoAnswers[slot];
  }

  private match(text: string, lineNumber: number, keyword: boolean | undefined, mayHoldShape: boolean): LineMatch | undefined {
    const mayMatch = passesPrefilterGiven(text, keyword, mayHoldShape) ? this.candidates.select(text) : undefined;
    if (mayMatch) {
      for (let rank = 0; rank < this.patterns.length; rank++) {
        if (mayMatch[rank] === 1 && this.patterns[rank]!.regex.test(text)) return lineMatch(this.patterns[rank]!, rank);
      }
    } else {
      for (const pattern of this.unfiltered) if (pattern.regex.test(text)) return lineMatch(pattern, this.patterns.indexOf(pattern));
    }
    for (const classifier of this.classifiers) {
      const found = classifier({ line: text, lineNumber });
      if (!found) continue;
      return {
        patternId: found.id,
        category: found.category,
        severity: found.severity ?? defaultSeverity(found.category),
        ...(found.retry !== undefined ? { retry: found.retry } : {}),
        ...(found.fix_time !== undefined ? { fixTime: found.fix_time } : {}),
        tool: found.tool ?? "unknown",
        role: "error",
        rank: this.patterns.length,
      };
    }
    return undefined;
  }
}

/**
 * The project and plugin patterns' literals (see ErrorClassifier.unfilteredLiterals); says once, in debug output,
 * which of them makes every line be classified.
 */
function unfilteredLiterals(patterns: CompiledPattern[], classifiers: Classifier[]): string[] | undefined {
  const literals = patterns.map((pattern) => ({ id: pattern.id, literals: requiredLiterals(pattern) }));
  const without = literals.filter((entry) => entry.literals === undefined).map((entry) => entry.id);
  if (without.length === 0 && classifiers.length === 0) return [...new Set(literals.flatMap((entry) => entry.literals!))];
  const reasons = [...(without.length ? [`pattern ${without.join(", ")} has no required literal text to look for`] : []), ...(classifiers.length ? ["plugin classifier functions are set"] : [])];
  debug(`error_parser: ${reasons.join("; ")}: every line of the log is classified (slower)`);
  return undefined;
}

const found = (): boolean => true;

/**
 * A slot of the memo for `text`: a multiplicative hash of its length and of the code units at both ends (a
 * JavaScript Map's hashing of fresh strings kept the collector busy; the slot's text is compared in full anyway).
 */
function memoSlot(text: string): number {
  let hash = text.length;
  const head = Math.min(text.length, MEMO_HASHED_CHARS);
  for (let i = 0; i < head; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x9e3779b1);
  for (let i = Math.max(head, text.length - MEMO_HASHED_CHARS); i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x9e3779b1);
  return (hash >>> 0) % MEMO_LINES;
}

function lineMatch(pattern: CompiledPattern, rank: number): LineMatch {
  return {
    patternId: pattern.id,
    category: pattern.category,
    severity: pattern.severity,
    ...(pattern.retry !== undefined ? { retry: pattern.retry } : {}),
    ...(pattern.fixTime !== undefined ? { fixTime: pattern.fixTime } : {}),
    tool: pattern.tool,
    role: pattern.role,
    rank,
  };
}
