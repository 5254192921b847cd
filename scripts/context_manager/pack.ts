// Fits ranked candidates into the token budget as a rendered pack: fit, render, count (the API's
// count when a key is set), refit with less room until the rendered pack fits, and as a last resort
// drop the lowest items.

import type { ContextCompressor, FitCandidate, Variant } from "./compress.ts";
import { renderPack, type PackFormat } from "./render.ts";
import type { ContextPack, Omission, PackItem } from "./types.ts";

const FIT_ATTEMPTS = 4;
const OMISSIONS_RESERVE_TOKENS = 600;

export interface FitRequest {
  candidates: FitCandidate[];
  compressor: ContextCompressor;
  header: { task: string | null; failure: ContextPack["failure"] };
  budget: number;
  maxItems: number;
  format: PackFormat;
  /** The offline estimate, for planning. */
  estimate: (text: string) => number;
  /** The count the budget is checked with: the API's when a key is set, else the estimate. */
  exact?: (text: string) => Promise<number>;
  cache: ContextPack["cache"];
  /** Omissions known before fitting (secret files the failure names). */
  omitted: Omission[];
}

export async function fitToBudget(request: FitRequest): Promise<{ pack: ContextPack; rendered: string }> {
  const { budget, format, estimate, exact } = request;
  const countText = async (text: string) => (exact ? exact(text) : estimate(text));
  const assemble = (items: PackItem[], omitted: Omission[]): ContextPack => ({ ...emptyPack(request.header, budget), items, omitted, cache: request.cache, tokenCounter: exact ? "api" : "estimate" });
  // The pack states its own total, so it is counted, stated, and counted again as rendered.
  const measure = async (pack: ContextPack): Promise<string> => {
    pack.totalTokens = await countText(renderPack(pack, format));
    const text = renderPack(pack, format);
    pack.totalTokens = Math.max(pack.totalTokens, await countText(text));
    return text;
  };
  // Room for the header, the failure excerpt and the left-out list; the loop corrects the estimate.
  let available = budget - estimate(renderPack(emptyPack(request.header, budget), format)) - Math.min(OMISSIONS_RESERVE_TOKENS, Math.ceil(budget * 0.1));
  let pack = assemble([], request.omitted);
  let rendered = await measure(pack);
  for (let attempt = 0; attempt < FIT_ATTEMPTS && available > 0; attempt++) {
    const { fitted, omitted } = await request.compressor.fit(request.candidates, available, request.maxItems);
    pack = assemble(fitted.map(({ candidate, variant }) => packItem(candidate, variant)), [...omitted, ...request.omitted]);
    rendered = await measure(pack);
    if (pack.totalTokens <= budget) break;
    available -= pack.totalTokens - budget + Math.ceil(budget * 0.02);
  }
  while (pack.totalTokens > budget && pack.items.length > 0) {
    const dropped = pack.items.at(-1)!;
    pack = assemble(pack.items.slice(0, -1), [{ path: dropped.path, reason: "dropped: the pack did not fit the budget" }, ...pack.omitted]);
    rendered = await measure(pack);
  }
  return { pack, rendered };
}

function packItem(candidate: FitCandidate, variant: Variant): PackItem {
  return {
    path: candidate.path,
    type: candidate.type,
    mode: variant.mode,
    tokens: variant.tokens,
    score: Number(candidate.score.toFixed(2)),
    reasons: variant.note ? [...candidate.reasons, variant.note] : candidate.reasons,
    ...(variant.lines ? { lines: variant.lines } : {}),
    content: variant.content,
  };
}

function emptyPack(header: { task: string | null; failure: ContextPack["failure"] }, budget: number): ContextPack {
  return { items: [], totalTokens: 0, budget, omitted: [], cache: { hits: 0, misses: 0, hitRate: null }, task: header.task, failure: header.failure, tokenCounter: "estimate" };
}
