// ErrorClassifier (the seed's name): the configured patterns and plugin classifier functions, tried in
// order on one cleaned log line. A cheap keyword prefilter (prefilter.ts) skips the regexes on lines that
// cannot match a shipped pattern, and matching only ever sees the first `maxLineBytes` characters of a line.

import type { LoadedConfig } from "../lib/config/load.ts";
import type { Classifier } from "../lib/plugin.ts";
import type { ErrorPattern, Severity } from "../lib/config/types.ts";
import type { PatternRole } from "./config.ts";
import { debug } from "../lib/log.ts";
import { PatternCandidates, requiredLiterals } from "./candidates.ts";
import { OPEN_GATE, patternGate } from "./gate.ts";
import { LiteralSet } from "./literals.ts";
import { passesPrefilterGiven } from "./prefilter.ts";

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
  /** The network and timeout patterns in one regex, to read what a retry warning says about the cause. */
  private readonly causes: RegExp;
  /**
   * Their ranks, network first: a connection that timed out is a network failure (the taxonomy's `network`). Within
   * each category a pattern that says not to retry comes first: a certificate that fails verification fails again,
   * whatever else the line says (pip's `after connection broken by 'SSLError(... certificate verify failed ...)'`).
   */
  private readonly causeRanks: number[];
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
    const ranksOf = (category: string) => {
      const ranks = this.patterns.flatMap((p, rank) => (p.category === category && p.role === "error" ? [rank] : []));
      return [...ranks.filter((rank) => this.patterns[rank]!.retry === false), ...ranks.filter((rank) => this.patterns[rank]!.retry !== false)];
    };
    this.causeRanks = [...ranksOf("network"), ...ranksOf("timeout")];
    this.causes = new RegExp(this.causeRanks.map((rank) => `(?:${this.patterns[rank]!.pattern})`).join("|") || "(?!)");
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

  /** The network or timeout failure a line (typically a retry warning) names, as the pattern that names it. */
  causeNamedBy(line: string): LineMatch | undefined {
    const text = line.slice(0, this.maxLineChars);
    if (!this.causes.test(text)) return undefined;
    const rank = this.causeRanks.find((next) => this.patterns[next]!.regex.test(text));
    return rank === undefined ? undefined : lineMatch(this.patterns[rank]!, rank);
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

  /**
   * The match of `line` by the patterns after the one at `rank`: what the line would be without that pattern (for
   * a match that is not final: see stack-proof.ts). Plugin classifier functions are not asked.
   */
  classifyAfter(line: string, rank: number): LineMatch | undefined {
    return this.patternMatch(line.slice(0, this.maxLineChars), undefined, true, rank + 1);
  }

  private match(text: string, lineNumber: number, keyword: boolean | undefined, mayHoldShape: boolean): LineMatch | undefined {
    const matched = this.patternMatch(text, keyword, mayHoldShape, 0);
    if (matched) return matched;
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

  /** The first pattern from rank `from` on that matches: past the prefilter its candidates, else the unfiltered ones. */
  private patternMatch(text: string, keyword: boolean | undefined, mayHoldShape: boolean, from: number): LineMatch | undefined {
    const mayMatch = passesPrefilterGiven(text, keyword, mayHoldShape) ? this.candidates.select(text) : undefined;
    if (mayMatch) {
      for (let rank = from; rank < this.patterns.length; rank++) {
        if (mayMatch[rank] === 1 && this.patterns[rank]!.regex.test(text)) return lineMatch(this.patterns[rank]!, rank);
      }
      return undefined;
    }
    for (const pattern of this.unfiltered) {
      if (pattern.regex.test(text)) {
        const rank = this.patterns.indexOf(pattern);
        if (rank >= from) return lineMatch(pattern, rank);
      }
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
