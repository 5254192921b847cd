// The gate in front of the shipped patterns: one quick answer to "can any of them match this line?", so
// the patterns run one by one only on lines that hold an error. A union of several hundred alternatives
// is slow in JavaScriptCore (each is tried at every position), so the gate splits it: alternatives
// anchored at the line start run once, and each other alternative runs only when the line holds a
// literal that every match of it holds (found in the candidates' automaton pass, candidates.ts).

import { topLevelBranches } from "../lib/regex-branches.ts";

/** Shorter required literals would select most lines; such alternatives stay in an always-run union. */
export const MIN_LITERAL = 3;
/**
 * Literals are looked for by their first MAX_LITERAL characters: any part of a required literal is required too,
 * and an automaton has a state (a 512-byte row) per character, so this keeps the gate's and the candidates'
 * three times smaller (~9 MB less memory) for a few more regexes tried.
 */
export const MAX_LITERAL = 8;

/** The part of a required literal that is looked for: its first MAX_LITERAL characters, never half a surrogate pair. */
export function searchedPart(literal: string): string {
  return literal.slice(0, /[\ud800-\udbff]/.test(literal.charAt(MAX_LITERAL - 1)) ? MAX_LITERAL - 1 : MAX_LITERAL);
}

export interface PatternGate {
  /** True when an alternative that needs no literal (anchored at the line start, or without one) matches. */
  opensWithoutLiteral(text: string): boolean;
  /** The other alternatives, each with the (searched part of the) literal a line must hold for it to match. */
  keyed: { literal: string; regex: RegExp }[];
}

/** A gate that is always open: every line is tried against the candidates. */
export const OPEN_GATE: PatternGate = { opensWithoutLiteral: () => true, keyed: [] };

/** The last gate built, by its sources: building one (~500 regexes) costs more than a short log. */
let lastGate: { key: string; gate: PatternGate } | undefined;

export function patternGate(sources: string[]): PatternGate {
  const key = sources.join("\n");
  if (lastGate?.key !== key) lastGate = { key, gate: buildGate(sources) };
  return lastGate.gate;
}

function buildGate(sources: string[]): PatternGate {
  const branches = sources.flatMap(topLevelBranches);
  const atStart = branches.filter((b) => b.startsWith("^")).map((b) => b.slice(1));
  const anywhere = branches.filter((b) => !b.startsWith("^")).map((source) => ({ source, literal: requiredLiteral(source) }));
  const startsMatch = startTest(atStart);
  const unkeyedRegex = union(anywhere.filter((b) => b.literal.length < MIN_LITERAL).map((b) => b.source), "");
  return {
    opensWithoutLiteral: (text) => startsMatch(text) || unkeyedRegex.test(text),
    keyed: anywhere.filter((b) => b.literal.length >= MIN_LITERAL).map((b) => ({ literal: searchedPart(b.literal), regex: new RegExp(b.source) })),
  };
}

/**
 * The branches anchored at the line start. A union tries each alternative in turn, so those that begin with a
 * plain character are grouped by it and only the group of the line's first character runs.
 */
function startTest(branches: string[]): (text: string) => boolean {
  const byHead = new Map<string, string[]>();
  const rest: string[] = [];
  for (const branch of branches) {
    const head = literalHead(branch);
    if (head === undefined) rest.push(branch);
    else byHead.set(head, [...(byHead.get(head) ?? []), branch]);
  }
  const restRegex = union(rest, "^");
  const headRegexes = new Map([...byHead].map(([head, group]) => [head, union(group, "^")]));
  return (text) => restRegex.test(text) || headRegexes.get(text.charAt(0))?.test(text) === true;
}

/** The character every match of `branch` starts with, when it is a plain or escaped punctuation character that no quantifier makes optional. */
function literalHead(branch: string): string | undefined {
  const escaped = branch[0] === "\\";
  const head = escaped ? branch[1] : branch[0];
  if (head === undefined || (escaped ? /[\w\s]/.test(head) : /[\\^$.|?*+()[\]{}]/.test(head))) return undefined;
  return /^[?*{]/.test(branch.slice(escaped ? 2 : 1)) ? undefined : head;
}

function union(sources: string[], prefix: string): RegExp {
  return sources.length ? new RegExp(`${prefix}(?:${sources.map((s) => `(?:${s})`).join("|")})`) : /(?!)/;
}

const QUANTIFIER = /^\{\d+(?:,\d*)?\}/;

/**
 * The longest run of literal characters that every match of `branch` (one alternative, no top-level `|`,
 * no flags) holds: characters outside groups and classes that no quantifier makes optional. "" when in doubt.
 */
export function requiredLiteral(branch: string): string {
  let best = "";
  let run = "";
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = "";
  };
  for (let i = 0; i < branch.length; i++) {
    const char = branch[i]!;
    if (char === "\\") {
      const escaped = branch[++i] ?? "";
      // Escaped punctuation is itself; letters and digits are classes, assertions, back references or codes.
      if (/[^\w\s]/.test(escaped)) run += escaped;
      else if (/^[dDwWsSbB]$/.test(escaped)) endRun();
      else return "";
    } else if (char === "[") {
      // JavaScript closes a class at its first unescaped `]`; a leading `]` is unusual enough to give up.
      if (branch[i + 1] === "]" || branch.startsWith("^]", i + 1)) return "";
      for (i++; i < branch.length && branch[i] !== "]"; i++) if (branch[i] === "\\") i++;
      endRun();
    } else if (char === "(") {
      let depth = 1;
      let inClass = false;
      for (i++; i < branch.length && depth > 0; i++) {
        const inner = branch[i];
        if (inner === "\\") i++;
        else if (inClass) inClass = inner !== "]";
        else if (inner === "[") inClass = true;
        else if (inner === "(") depth++;
        else if (inner === ")") depth--;
      }
      i--;
      endRun();
    } else if (char === "?" || char === "*" || char === "{") {
      // The quantified character may be absent: it leaves the run.
      run = run.slice(0, -1);
      endRun();
      if (char === "{") {
        const quantifier = QUANTIFIER.exec(branch.slice(i));
        if (!quantifier) return "";
        i += quantifier[0].length - 1;
      }
    } else if (char === "+") endRun();
    else if (char === "^" || char === "$" || char === "." || char === ")" || char === "|") endRun();
    else run += char;
  }
  endRun();
  return best;
}
