// A real HTTP server on 127.0.0.1 that speaks enough of the Anthropic Messages API for the real
// @anthropic-ai/sdk and the real Claude Code CLI: it answers from a scripted queue and records requests.
//
// API (all a test needs):
//   const server = startMessagesServer({ replies: [toolUseReply("Write", {...}), textReply("done")] });
//   new Anthropic({ apiKey: "test-key", baseURL: server.baseURL })     // or ANTHROPIC_BASE_URL=server.baseURL
//   server.enqueue(textReply("more"))   // add replies later
//   server.requests                     // [{ path, headers, body }] in arrival order (both endpoints)
//   server.messageRequests()            // only POST /v1/messages bodies
//   server.stop()
// Endpoints:
//   POST /v1/messages               non-streaming JSON, or SSE when body.stream is true (message_start,
//                                   content_block_start/delta/stop incl. tool_use via input_json_delta,
//                                   message_delta with usage, message_stop). Each call takes the next reply;
//                                   an empty queue answers 400 "no scripted reply left" (the SDK does not retry 400).
//   POST /v1/messages/count_tokens  { input_tokens } from `countTokens(body)` (default: the estimate below).
// Usage figures: input tokens are estimated as ceil(characters / 4) of system + tools + messages.
// Prompt caching is simulated: each `cache_control` block writes the prefix ending there
// (cache_creation_input_tokens counts what was not read), and a later request reads the longest
// written prefix it starts with (cache_read_input_tokens). A reply's own `usage` overrides any figure.

import type { Server } from "bun";
import { createHash } from "node:crypto";

export type ReplyBlock = { type: "text"; text: string } | { type: "tool_use"; name: string; input: Record<string, unknown>; id?: string };

export interface ReplyUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export type ScriptedReply =
  | { content: ReplyBlock[]; stopReason?: "end_turn" | "tool_use" | "max_tokens"; usage?: Partial<ReplyUsage> }
  | { error: { status: number; type: string; message: string } };

export interface RecordedRequest {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface MessagesServer {
  /** e.g. http://127.0.0.1:43123 — pass as the SDK's baseURL or ANTHROPIC_BASE_URL. */
  baseURL: string;
  requests: RecordedRequest[];
  messageRequests(): Record<string, unknown>[];
  enqueue(...replies: ScriptedReply[]): void;
  stop(): void;
}

export function textReply(text: string, usage?: Partial<ReplyUsage>): ScriptedReply {
  return { content: [{ type: "text", text }], ...(usage ? { usage } : {}) };
}

export function toolUseReply(name: string, input: Record<string, unknown>, usage?: Partial<ReplyUsage>): ScriptedReply {
  return { content: [{ type: "tool_use", name, input }], ...(usage ? { usage } : {}) };
}

export function errorReply(status: number, type: string, message: string): ScriptedReply {
  return { error: { status, type, message } };
}

export function estimateTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value ?? "").length / 4);
}

export function startMessagesServer(options: { replies?: ScriptedReply[]; countTokens?: (body: Record<string, unknown>) => number } = {}): MessagesServer {
  const queue = [...(options.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const cachedPrefixes = new Set<string>();
  let messageNumber = 0;

  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
      requests.push({ path, headers: Object.fromEntries(request.headers.entries()), body });
      if (request.method !== "POST") return apiError(405, "invalid_request_error", `${request.method} not supported`);
      if (path === "/v1/messages/count_tokens") {
        return Response.json({ input_tokens: options.countTokens ? options.countTokens(body) : estimatePrompt(body) });
      }
      if (path !== "/v1/messages") return apiError(404, "not_found_error", `no route ${path}`);
      const reply = queue.shift();
      if (!reply) return apiError(400, "invalid_request_error", "messages-server: no scripted reply left");
      if ("error" in reply) return apiError(reply.error.status, reply.error.type, reply.error.message);
      messageNumber += 1;
      const message = buildMessage(`msg_test_${messageNumber}`, body, reply, promptUsage(body, cachedPrefixes));
      return body.stream === true ? streamMessage(message) : Response.json(message);
    },
  });

  return {
    baseURL: `http://127.0.0.1:${server.port}`,
    requests,
    messageRequests: () => requests.filter((r) => r.path === "/v1/messages").map((r) => r.body),
    enqueue: (...replies) => void queue.push(...replies),
    stop: () => void server.stop(true),
  };
}

function apiError(status: number, type: string, message: string): Response {
  return Response.json({ type: "error", error: { type, message } }, { status });
}

function estimatePrompt(body: Record<string, unknown>): number {
  return estimateTokens(body.system) + estimateTokens(body.tools) + estimateTokens(body.messages);
}

/**
 * Splits the prompt's tokens into uncached input, cache writes and cache reads the way the API does:
 * every block marked cache_control writes the prefix ending there; a request reads the longest
 * prefix, ending at any block, that an earlier request wrote.
 */
function promptUsage(body: Record<string, unknown>, cachedPrefixes: Set<string>): Pick<ReplyUsage, "input_tokens" | "cache_read_input_tokens" | "cache_creation_input_tokens"> {
  const blocks = promptBlocks(body);
  const total = estimatePrompt(body);
  let key = "";
  let tokens = 0;
  let read = 0;
  let written = 0;
  const writes: string[] = [];
  for (const block of blocks) {
    key = createHash("sha256").update(key).update(JSON.stringify(block)).digest("hex");
    tokens += estimateTokens(block);
    if (cachedPrefixes.has(key)) read = tokens;
    if (typeof block === "object" && block !== null && "cache_control" in block) {
      writes.push(key);
      written = tokens;
    }
  }
  for (const write of writes) cachedPrefixes.add(write);
  const creation = Math.max(0, Math.min(total, written) - read);
  return { input_tokens: Math.max(0, total - read - creation), cache_read_input_tokens: Math.min(read, total), cache_creation_input_tokens: creation };
}

/** The prompt's blocks in cache order: tools, system, then each message's content blocks. */
function promptBlocks(body: Record<string, unknown>): unknown[] {
  const blocks: unknown[] = [...asArray(body.tools)];
  blocks.push(...(typeof body.system === "string" ? [body.system] : asArray(body.system)));
  for (const message of asArray(body.messages)) {
    const content = (message as { content?: unknown }).content;
    blocks.push(...(typeof content === "string" ? [content] : asArray(content)));
  }
  return blocks;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

interface ApiMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ({ type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> })[];
  stop_reason: string;
  stop_sequence: null;
  usage: ReplyUsage;
}

function buildMessage(id: string, body: Record<string, unknown>, reply: Extract<ScriptedReply, { content: ReplyBlock[] }>, prompt: ReturnType<typeof promptUsage>): ApiMessage {
  const content = reply.content.map((block, index) =>
    block.type === "text" ? block : { type: "tool_use" as const, id: block.id ?? `toolu_${id}_${index}`, name: block.name, input: block.input },
  );
  const hasToolUse = content.some((block) => block.type === "tool_use");
  return {
    id,
    type: "message",
    role: "assistant",
    model: typeof body.model === "string" ? body.model : "claude-test",
    content,
    stop_reason: reply.stopReason ?? (hasToolUse ? "tool_use" : "end_turn"),
    stop_sequence: null,
    usage: { ...prompt, output_tokens: Math.max(1, estimateTokens(content)), ...reply.usage },
  };
}

/** The message as server-sent events, in the order and shapes the real API uses. */
function streamMessage(message: ApiMessage): Response {
  const events: [string, unknown][] = [
    ["message_start", { type: "message_start", message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } } }],
    ["ping", { type: "ping" }],
  ];
  message.content.forEach((block, index) => {
    if (block.type === "text") {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } }]);
      for (const piece of halves(block.text)) events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } }]);
    } else {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } }]);
      for (const piece of halves(JSON.stringify(block.input))) {
        events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: piece } }]);
      }
    }
    events.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  events.push(["message_delta", { type: "message_delta", delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: message.usage }]);
  events.push(["message_stop", { type: "message_stop" }]);
  const text = events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join("");
  return new Response(text, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}

/** Two deltas per block, so clients really have to join streamed pieces. */
function halves(text: string): string[] {
  const middle = Math.ceil(text.length / 2);
  return text.length < 2 ? [text] : [text.slice(0, middle), text.slice(middle)];
}
