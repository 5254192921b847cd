// ContextCompressor: the forms an item can take (full text without comment lines and blank runs,
// snippets around the lines errors name, a tree-sitter outline, the path alone) and the greedy fit
// of ranked items into the token budget, degrading full -> snippet/outline -> path.

import type { ItemMode, Omission } from "./types.ts";

export interface Variant {
  mode: ItemMode;
  content: string;
  tokens: number;
  lines?: [number, number][];
  /** Why this form differs from the file as written, for the item's reasons. */
  note?: string;
}

export interface FitCandidate {
  path: string;
  type: string;
  score: number;
  reasons: string[];
  hash: string;
  /** Tokens of the item's heading (path, mode, reasons) in the rendered pack. */
  overheadTokens: number;
  /** The forms to try, best first; produced only when the fit reaches this candidate. */
  variants: () => Promise<Variant[]>;
}

export interface FittedItem {
  candidate: FitCandidate;
  variant: Variant;
}

/** A path-only item costs about this much; the next few slots keep it in reserve. */
const PATH_RESERVE_TOKENS = 24;
const RESERVED_SLOTS = 3;
/** A candidate scoring at least this share of the best one is primary: it may take more room in full. */
const PRIMARY_SHARE = 0.5;
/** Saving less than this share is not worth changing the text. */
const MIN_SAVING = 0.05;

export class ContextCompressor {
  constructor(private readonly count: (text: string) => number) {}

  /** The whole file; comment-only lines and repeated blank lines go when that saves tokens (error lines never). */
  full(text: string, commentLines: [number, number][], keep: number[]): Variant {
    const lines = linesOf(text);
    const raw: Variant = { mode: "full", content: text, tokens: this.count(text), lines: [[1, lines.length]] };
    const kept = new Set(keep);
    const comment = new Set(commentLines.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => first + i)));
    const shown: number[] = [];
    lines.forEach((line, index) => {
      const number = index + 1;
      const blankRun = line.trim() === "" && index > 0 && lines[index - 1]!.trim() === "";
      if (kept.has(number) || (!comment.has(number) && !blankRun)) shown.push(number);
    });
    const content = shown.map((n) => lines[n - 1]!).join("\n");
    const tokens = this.count(content);
    if (tokens > raw.tokens * (1 - MIN_SAVING)) return raw;
    return { mode: "full", content, tokens, lines: toRanges(shown), note: `comments and blank runs removed (${raw.tokens - tokens} tokens saved)` };
  }

  /** Windows of `context` lines around each focus line, with a marker wherever lines are left out. */
  snippet(text: string, focus: number[], context: number): Variant | undefined {
    const lines = linesOf(text);
    const wanted = focus.filter((n) => n >= 1 && n <= lines.length);
    if (wanted.length === 0) return undefined;
    const windows = toRanges(wanted.flatMap((n) => Array.from({ length: 2 * context + 1 }, (_, i) => n - context + i)).filter((n) => n >= 1 && n <= lines.length));
    const parts: string[] = [];
    let next = 1;
    for (const [first, last] of windows) {
      if (first > next) parts.push(`⋯ lines ${next}-${first - 1} omitted ⋯`);
      parts.push(...lines.slice(first - 1, last));
      next = last + 1;
    }
    if (next <= lines.length) parts.push(`⋯ lines ${next}-${lines.length} omitted ⋯`);
    const content = parts.join("\n");
    return { mode: "snippet", content, tokens: this.count(content), lines: windows, note: `snippet: lines ${windows.map(([a, b]) => `${a}-${b}`).join(", ")} of ${lines.length}` };
  }

  outline(outline: string | null, fullTokens: number): Variant | undefined {
    if (!outline) return undefined;
    const tokens = this.count(outline);
    return tokens < fullTokens ? { mode: "outline", content: outline, tokens, note: "outline: signatures, exports and types; bodies elided" } : undefined;
  }

  pathOnly(): Variant {
    return { mode: "path", content: "", tokens: 0 };
  }

  /**
   * Greedy fit in rank order: each item takes the first form that fits, while room stays reserved
   * for a path entry of every later primary item (one scoring at least half the best) and of the
   * next few others, so a strong candidate is never crowded out by the full text of weaker ones.
   */
  async fit(candidates: FitCandidate[], available: number, maxItems: number): Promise<{ fitted: FittedItem[]; omitted: Omission[] }> {
    const fitted: FittedItem[] = [];
    const omitted: Omission[] = [];
    const seen = new Map<string, string>();
    let remaining = available;
    const topScore = candidates[0]?.score ?? 0;
    const isPrimary = (candidate: FitCandidate) => candidate === candidates[0] || candidate.score >= PRIMARY_SHARE * topScore;
    let primaryReserve = candidates.slice(0, maxItems).filter(isPrimary).reduce((sum, c) => sum + c.overheadTokens, 0);
    for (const candidate of candidates) {
      const primary = isPrimary(candidate);
      if (primary) primaryReserve = Math.max(0, primaryReserve - candidate.overheadTokens);
      if (fitted.length >= maxItems) {
        omitted.push({ path: candidate.path, reason: `beyond --max-context-items ${maxItems} (score ${candidate.score.toFixed(1)})` });
        continue;
      }
      const original = seen.get(candidate.hash);
      if (original) {
        omitted.push({ path: candidate.path, reason: `duplicate of ${original}` });
        continue;
      }
      const laterSlots = Math.max(0, Math.min(RESERVED_SLOTS, maxItems - fitted.length - 1, candidates.length - fitted.length - 1));
      const room = remaining - primaryReserve - laterSlots * PATH_RESERVE_TOKENS;
      // Primary items may take half of what is left in full; the others a quarter of the budget.
      const fullCap = primary ? Math.max(room * 0.5, fitted.length === 0 ? available * 0.5 : 0) : available * 0.25;
      const variants = await candidate.variants();
      const pathCost = candidate.overheadTokens;
      const chosen = variants.find((v) => (v.mode === "path" ? pathCost <= remaining - (primary ? 0 : primaryReserve) : v.tokens + pathCost <= room && (v.mode !== "full" || v.tokens <= fullCap)));
      if (!chosen) {
        omitted.push({ path: candidate.path, reason: `no room left in the ${available}-token budget (score ${candidate.score.toFixed(1)})` });
        continue;
      }
      const best = variants[0]!;
      if (chosen.mode !== best.mode) omitted.push({ path: candidate.path, reason: `shortened to ${chosen.mode}: its ${best.mode} form (${best.tokens} tokens) did not fit` });
      const variant = chosen.mode === "path" ? { ...chosen, tokens: pathCost } : { ...chosen, tokens: chosen.tokens + pathCost };
      fitted.push({ candidate, variant });
      seen.set(candidate.hash, candidate.path);
      remaining -= variant.tokens;
    }
    return { fitted, omitted };
  }
}

/** A file's lines; the newline that ends the last line does not start another. */
function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return lines;
}

function toRanges(numbers: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const n of [...new Set(numbers)].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else ranges.push([n, n]);
  }
  return ranges;
}
