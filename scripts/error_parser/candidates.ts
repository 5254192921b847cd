// Which patterns of a list can match a line, from the literals every match of them holds: a line that passed
// the gate is then tried against a handful of patterns instead of several hundred, in the same order, so the
// first pattern that matches is the same one the full loop would find. The gate's literals are looked for in
// the same automaton pass.

import { topLevelBranches } from "../lib/regex-branches.ts";
import { MIN_LITERAL, requiredLiteral, searchedPart, type PatternGate } from "./gate.ts";
import { LiteralSet } from "./literals.ts";

/**
 * Literals one of which every match of the pattern holds (the searched part of one per top-level branch), in any
 * ASCII case when the pattern has the `i` flag; undefined when a match may hold none: a branch without a literal
 * of MIN_LITERAL characters, the `u` flag, or `i` with a non-ASCII literal (whose case folding is Unicode's).
 */
export function requiredLiterals({ pattern, regex }: { pattern: string; regex: RegExp }): string[] | undefined {
  if (/[^ims]/.test(regex.flags)) return undefined;
  const literals = topLevelBranches(pattern).map(requiredLiteral);
  const unusable = (literal: string) => literal.length < MIN_LITERAL || (regex.ignoreCase && /[^\x00-\x7f]/.test(literal));
  return literals.length === 0 || literals.some(unusable) ? undefined : [...new Set(literals.map(searchedPart))];
}

/** The last index built, by its patterns and gate: building one (an automaton) costs more than a short log. */
let last: { key: string; gate: PatternGate; index: PatternCandidates } | undefined;

export class PatternCandidates {
  static of(patterns: { pattern: string; regex: RegExp }[], gate: PatternGate): PatternCandidates {
    const key = patterns.map(({ pattern, regex }) => `${regex.flags}/${pattern}`).join("\n");
    if (last?.key !== key || last.gate !== gate) last = { key, gate, index: new PatternCandidates(patterns, gate) };
    return last.index;
  }

  /** 1 for the patterns that must always be tried: without usable literals, or with the `i` flag. */
  private readonly always: Uint8Array;
  private readonly mask: Uint8Array;
  private readonly literals: LiteralSet;
  /** The patterns literal i stands for: `owners[ownersStart[i] .. ownersStart[i + 1]]`; the gate's alternatives that need it. */
  private readonly owners: Int32Array;
  private readonly ownersStart: Int32Array;
  private readonly gateRegexes: RegExp[][];
  private readonly inGate: Uint8Array;
  private readonly opensWithoutLiteral: (text: string) => boolean;
  /** The literals holding gate alternatives that the line under test holds, and the line (no closure per line). */
  private readonly gateLiterals: number[] = [];
  private line = "";
  private readonly mark = (index: number): boolean => {
    const { owners, mask } = this;
    for (let k = this.ownersStart[index]!, end = this.ownersStart[index + 1]!; k < end; k++) mask[owners[k]!] = 1;
    if (this.inGate[index] === 1) this.gateLiterals.push(index);
    return false;
  };

  private constructor(patterns: { pattern: string; regex: RegExp }[], gate: PatternGate) {
    this.always = new Uint8Array(patterns.length);
    this.mask = new Uint8Array(patterns.length);
    const byLiteral = new Map<string, { owners: number[]; gateRegexes: RegExp[] }>();
    const entry = (literal: string) => byLiteral.get(literal) ?? byLiteral.set(literal, { owners: [], gateRegexes: [] }).get(literal)!;
    patterns.forEach((pattern, index) => {
      // Compared case-sensitively here.
      const literals = pattern.regex.ignoreCase ? undefined : requiredLiterals(pattern);
      if (literals === undefined) this.always[index] = 1;
      else for (const literal of literals) entry(literal).owners.push(index);
    });
    for (const { literal, regex } of gate.keyed) entry(literal).gateRegexes.push(regex);
    this.literals = new LiteralSet([...byLiteral.keys()]);
    const entries = [...byLiteral.values()];
    this.owners = Int32Array.from(entries.flatMap((e) => e.owners));
    this.ownersStart = new Int32Array(entries.length + 1);
    entries.forEach((e, i) => (this.ownersStart[i + 1] = this.ownersStart[i]! + e.owners.length));
    this.gateRegexes = entries.map((e) => e.gateRegexes);
    this.inGate = Uint8Array.from(entries.map((e) => (e.gateRegexes.length > 0 ? 1 : 0)));
    this.opensWithoutLiteral = gate.opensWithoutLiteral;
  }

  /**
   * When the gate opens for `text`: 1 at the index of each pattern that may match it (valid until the next call);
   * undefined when no gated pattern can match it.
   */
  select(text: string): Uint8Array | undefined {
    this.mask.set(this.always);
    this.gateLiterals.length = 0;
    this.line = text;
    this.literals.some(text, this.mark);
    return this.opensWithoutLiteral(text) || this.gateOpensByLiteral() ? this.mask : undefined;
  }

  private gateOpensByLiteral(): boolean {
    for (const index of this.gateLiterals) {
      for (const regex of this.gateRegexes[index]!) if (regex.test(this.line)) return true;
    }
    return false;
  }
}
