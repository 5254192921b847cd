// --mode analyze: one Messages API call (no agent) for an explanation and a proposed patch. The
// repository context goes in a system block marked cache_control, so re-runs on the same failure
// read it from the prompt cache; the usage's cache read/write tokens become metrics.

import Anthropic from "@anthropic-ai/sdk";
import type { ClaudeUsage } from "./claude-cli.ts";
import type { ComposedPrompt } from "./prompt.ts";

export interface AnalyzeReply {
  explanation: string;
  /** The unified diff from the reply's ```diff block, if it has one. */
  patch: string | null;
  stopReason: string | null;
  durationMs: number;
  usage: ClaudeUsage;
}

const SYSTEM = "You analyze failing CI jobs. Be precise and brief; cite files and lines; propose minimal fixes.";

/** The request body, separate so its caching layout is visible and testable. */
export function analyzeRequest(prompt: ComposedPrompt, model: string, maxTokens: number): Anthropic.MessageCreateParamsNonStreaming {
  const system: Anthropic.TextBlockParam[] = [{ type: "text", text: SYSTEM }];
  if (prompt.stable) system.push({ type: "text", text: prompt.stable, cache_control: { type: "ephemeral" } });
  return { model, max_tokens: maxTokens, system, messages: [{ role: "user", content: prompt.request }] };
}

export async function analyzeWithMessages(client: Anthropic, prompt: ComposedPrompt, model: string, maxTokens: number): Promise<AnalyzeReply> {
  const started = performance.now();
  const message = await client.messages.create(analyzeRequest(prompt, model, maxTokens));
  const explanation = message.content
    .flatMap((block) => (block.type === "text" ? [block.text] : []))
    .join("\n")
    .trim();
  return {
    explanation,
    patch: /```diff\n([\s\S]*?)```/.exec(explanation)?.[1] ?? null,
    stopReason: message.stop_reason,
    durationMs: Math.round(performance.now() - started),
    usage: {
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
      cacheCreationTokens: message.usage.cache_creation_input_tokens ?? 0,
    },
  };
}
