// Which patterns of a list can match a line, from the literals every match of them holds: a line that passed
// the gate is then tried against a handful of patterns instead of several hundred, in the same order, so the
// first pattern that matches is the same one the full loop would find.

import { MIN_LITERAL, requiredLiteral, searchedPart, topLevelBranches } from "./gate.ts";
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

/** The last index built, by its patterns: building one (an automaton) costs more than a short log. */
let last: { key: string; index: PatternCandidates } | undefined;

export class PatternCandidates {
  static of(patterns: { pattern: string; regex: RegExp }[]): PatternCandidates {
    const key = patterns.map(({ pattern, regex }) => `${regex.flags}/${pattern}`).join("\n");
    if (last?.key !== key) last = { key, index: new PatternCandidates(patterns) };
    return last.index;
  }

  /** 1 for the patterns that must always be tried: without usable literals, or with the `i` flag. */
  private readonly always: Uint8Array;
  private readonly mask: Uint8Array;
  private readonly literals: LiteralSet;
  /** The patterns each literal stands for. */
  private readonly owners: number[][];
  /** Made once rather than a closure per line. */
  private readonly mark = (index: number): boolean => {
    for (const pattern of this.owners[index]!) this.mask[pattern] = 1;
    return false;
  };

  private constructor(patterns: { pattern: string; regex: RegExp }[]) {
    this.always = new Uint8Array(patterns.length);
    this.mask = new Uint8Array(patterns.length);
    const owners = new Map<string, number[]>();
    patterns.forEach((pattern, index) => {
      // Compared case-sensitively here.
      const literals = pattern.regex.ignoreCase ? undefined : requiredLiterals(pattern);
      if (literals === undefined) this.always[index] = 1;
      else for (const literal of literals) owners.set(literal, [...(owners.get(literal) ?? []), index]);
    });
    this.literals = new LiteralSet([...owners.keys()]);
    this.owners = [...owners.values()];
  }

  /** 1 at the index of each pattern that may match `text`; valid until the next call. */
  mayMatch(text: string): Uint8Array {
    this.mask.set(this.always);
    this.literals.some(text, this.mark);
    return this.mask;
  }
}
