// The keyword prefilter: every line a shipped error or symptom pattern can match holds one of its keywords or
// shapes, so the classifier (and the scanner, which derives its triggers from these exports) skips the rest.

import { LiteralSet } from "./literals.ts";

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
  "exists as", "unbound", "dubious", "Unresolved", "notFound", "not Found", "no space", "not valid", "no targets",
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
export function passesPrefilterGiven(text: string, keyword: boolean | undefined, mayHoldShape: boolean): boolean {
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
