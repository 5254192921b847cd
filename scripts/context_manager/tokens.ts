// Token counts: a fast offline estimate (letters and spaces per o200k token, plus a share per
// punctuation or digit and per non-ASCII byte, calibrated against o200k on source trees, plus a safety
// margin because Claude's tokenizer counts more than o200k) and exact counts from the API's
// messages.countTokens when ANTHROPIC_API_KEY is set.

import type Anthropic from "@anthropic-ai/sdk";
import type { ContextConfig } from "./config.ts";

export type TokenSettings = ContextConfig["tokens"];

/** ASCII punctuation and digits: BPE vocabularies split these into short tokens. */
const SYMBOLS = /[!-@[-`{-~]/g;
const NON_ASCII = /[^\x00-\x7f]/g;

export function estimateTokens(text: string, settings: TokenSettings): number {
  if (!text) return 0;
  const symbols = text.length - text.replace(SYMBOLS, "").length;
  const nonAscii = text.length - text.replace(NON_ASCII, "").length;
  const nonAsciiBytes = Buffer.byteLength(text, "utf8") - (text.length - nonAscii);
  const plain = text.length - symbols - nonAscii;
  const o200k = plain / settings.charsPerToken + symbols * settings.symbolTokens + nonAsciiBytes * settings.nonAsciiByteTokens;
  return Math.ceil(o200k * (1 + settings.safetyMargin));
}

/** An exact counter when the environment holds an API key; undefined otherwise. */
export function apiTokenCounter(settings: TokenSettings, env: NodeJS.ProcessEnv = process.env): ((text: string) => Promise<number>) | undefined {
  const apiKey = env.ANTHROPIC_API_KEY;
  if (!apiKey) return undefined;
  // The SDK takes ~0.4 s to import: only builds that count exactly pay for it.
  let client: Promise<Anthropic> | undefined;
  return async (text) => {
    client ??= import("@anthropic-ai/sdk").then(({ default: Sdk }) => new Sdk({ apiKey, baseURL: env.ANTHROPIC_BASE_URL || undefined, maxRetries: 2 }));
    const counted = await (await client).messages.countTokens({ model: settings.model, messages: [{ role: "user", content: text }] });
    return counted.input_tokens;
  };
}
