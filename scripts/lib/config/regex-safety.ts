// Refuses user regexes that can backtrack catastrophically, using recheck (a maintained ReDoS
// checker). Exponential patterns and polynomial ones of degree 3 or more are refused; quadratic ones
// are allowed because matching is bounded per line. Verdicts are cached by pattern hash.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { CfoError, type SourceLocation } from "../errors.ts";
import { sha256 } from "../hash.ts";
import { topLevelBranches } from "../regex-branches.ts";

export interface RegexToCheck {
  id: string;
  source: string;
  flags: string;
  location: SourceLocation;
  keyPath: string;
}

/**
 * recheck's fuzzer measures its candidate strings by the matcher's steps, and also by wall-clock limits
 * (250 ms per incubation run, 1 s per attack) that a loaded machine overruns, turning a verdict that should
 * be quadratic into "cubic" at random. Without those limits the verdict depends only on the steps and the
 * fixed seed; the whole check still stops after 5 s, and an unjudged pattern is let through (matching is
 * bounded per line anyway).
 */
const RECHECK_PARAMETERS = { timeout: 5000, attackTimeout: null, incubationTimeout: null, seedingTimeout: null };

type Verdict = { safe: true } | { safe: false; reason: string };

export async function checkRegexSafety(regexes: RegexToCheck[], cacheFile?: string): Promise<CfoError[]> {
  if (!regexes.length) return [];
  const cache = readCache(cacheFile);
  let judged = 0;
  const verdicts = await Promise.all(
    regexes.map(async (regex) => {
      const key = sha256(`${regex.flags}/${regex.source}`);
      if (!cache[key]) {
        cache[key] = await judge(regex.source, regex.flags);
        judged++;
      }
      return { regex, verdict: cache[key] };
    }),
  );
  if (judged) writeCache(cacheFile, cache);
  return verdicts.flatMap(({ regex, verdict }) =>
    verdict.safe
      ? []
      : [new CfoError(`pattern "${regex.id}" can backtrack catastrophically (${verdict.reason}); rewrite it without nested or overlapping repetition`, regex.location, regex.keyPath)],
  );
}

async function judge(source: string, flags: string): Promise<Verdict> {
  // Loaded only when a pattern is not in the verdict cache: recheck costs ~100 ms and ~30 MB to load.
  const { check } = await import("recheck");
  for (const alternative of topLevelAlternatives(source)) {
    const diagnostics = await check(alternative, flags.replace(/[^imsu]/g, ""), RECHECK_PARAMETERS);
    if (diagnostics.status !== "vulnerable") continue;
    const complexity = diagnostics.complexity;
    if (complexity.type === "polynomial" && complexity.degree < 3) continue;
    const kind = complexity.type === "exponential" ? "exponential" : `polynomial, degree ${complexity.degree}`;
    const attack = diagnostics.attack.pattern ? `; e.g. ${diagnostics.attack.pattern}` : "";
    const where = alternative === source ? "" : ` in the alternative /${alternative}/`;
    return { safe: false, reason: `${kind}${where}${attack}` };
  }
  return { safe: true };
}

/**
 * `a|b|c` split at its top level. The engine tries each alternative in turn at a start position, so the
 * pattern backtracks badly only if one of them does, and recheck judges small patterns far faster (a
 * long alternation often ran out its 5 s and went unjudged). A backreference ties alternatives' group
 * numbers together, so such a pattern is judged whole.
 */
export function topLevelAlternatives(source: string): string[] {
  return /\\(?:[1-9]|k<)/.test(source) ? [source] : topLevelBranches(source);
}

function readCache(file: string | undefined): Record<string, Verdict> {
  if (!file || !existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, Verdict>;
  } catch {
    return {};
  }
}

function writeCache(file: string | undefined, cache: Record<string, Verdict>): void {
  if (!file) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(cache));
  } catch {
    // A read-only cache only costs the check again next time.
  }
}
