// The loopback Messages API server, exercised by the real @anthropic-ai/sdk: JSON and streamed
// replies, tool_use, prompt-cache accounting and count_tokens.

import Anthropic from "@anthropic-ai/sdk";
import { afterEach, expect, test } from "bun:test";
import { errorReply, startMessagesServer, textReply, toolUseReply, type MessagesServer } from "../helpers/messages-server.ts";

let server: MessagesServer | undefined;
afterEach(() => server?.stop());

function client(baseURL: string): Anthropic {
  return new Anthropic({ apiKey: "test-key", baseURL, maxRetries: 0 });
}

test("answers non-streaming requests from the queue and records them", async () => {
  server = startMessagesServer({ replies: [textReply("hello")] });
  const message = await client(server.baseURL).messages.create({ model: "claude-test", max_tokens: 100, messages: [{ role: "user", content: "hi" }] });
  expect(message.content.map((block) => (block.type === "text" ? block.text : block.type))).toEqual(["hello"]);
  expect(message.stop_reason).toBe("end_turn");
  expect(message.usage.input_tokens).toBeGreaterThan(0);
  expect(server.messageRequests()[0]?.messages).toEqual([{ role: "user", content: "hi" }]);
  const headers = server.requests[0]?.headers ?? {};
  expect(headers["x-api-key"] ?? headers.authorization).toContain("test-key");
});

test("streams text and tool_use blocks the SDK reassembles", async () => {
  server = startMessagesServer({ replies: [toolUseReply("Write", { file_path: "a.ts", content: "x" }), textReply("done and dusted")] });
  const sdk = client(server.baseURL);
  const first = await sdk.messages.stream({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "go" }] }).finalMessage();
  expect(first.stop_reason).toBe("tool_use");
  expect(first.content[0]).toMatchObject({ type: "tool_use", name: "Write", input: { file_path: "a.ts", content: "x" } });
  const second = await sdk.messages.stream({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "go" }] }).finalMessage();
  expect(second.content.map((block) => (block.type === "text" ? block.text : block.type))).toEqual(["done and dusted"]);
});

test("simulates prompt caching: first write, then read of the same prefix", async () => {
  server = startMessagesServer({ replies: [textReply("a"), textReply("b")] });
  const sdk = client(server.baseURL);
  const system = [{ type: "text" as const, text: "stable context ".repeat(200), cache_control: { type: "ephemeral" as const } }];
  const first = await sdk.messages.create({ model: "m", max_tokens: 10, system, messages: [{ role: "user", content: "q1" }] });
  const second = await sdk.messages.create({ model: "m", max_tokens: 10, system, messages: [{ role: "user", content: "q2" }] });
  expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(700);
  expect(first.usage.cache_read_input_tokens).toBe(0);
  expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens!);
  expect(second.usage.cache_creation_input_tokens).toBe(0);
});

test("counts tokens and reports scripted errors and an empty queue", async () => {
  server = startMessagesServer({ replies: [errorReply(529, "overloaded_error", "busy")], countTokens: () => 4242 });
  const sdk = client(server.baseURL);
  const counted = await sdk.messages.countTokens({ model: "m", messages: [{ role: "user", content: "x" }] });
  expect(counted.input_tokens).toBe(4242);
  const failure = () => sdk.messages.create({ model: "m", max_tokens: 1, messages: [{ role: "user", content: "x" }] }).then(() => "resolved", (error: Error) => error.message);
  expect(await failure()).toMatch(/^529 .*busy/);
  expect(await failure()).toMatch(/^400 .*no scripted reply left/);
});
