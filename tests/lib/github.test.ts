// Text from logs and repositories must never act as a workflow command, judged by a model of the
// Actions runner's command processing (tests/helpers/actions-runner.ts).

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { annotate, markdownCell, printJson, printUntrusted } from "../../scripts/lib/github.ts";
import { commandsTheRunnerExecutes as processLikeRunner } from "../helpers/actions-runner.ts";

const hostileLog = [
  "npm ERR! code E404",
  "::add-mask::ghp_secretValue",
  "  ::set-output name=retry-recommended::true",
  "::stop-commands::resume-token",
  "::resume-token::",
  "::error file=src/a.ts,line=1::forged annotation",
  "prefix ##[set-env name=NODE_OPTIONS]--require /tmp/evil.js",
  "::endgroup::",
].join("\n");

let saved: string | undefined;
beforeEach(() => {
  saved = process.env.GITHUB_ACTIONS;
  process.env.GITHUB_ACTIONS = "true";
});
afterEach(() => {
  if (saved === undefined) delete process.env.GITHUB_ACTIONS;
  else process.env.GITHUB_ACTIONS = saved;
});

describe("printUntrusted", () => {
  test("the runner model does see commands in the raw text (the test can fail)", () => {
    expect(processLikeRunner(hostileLog).map((c) => c.name)).toContain("add-mask");
  });

  test("wrapped output executes nothing but its own stop/resume pair", () => {
    let output = "";
    printUntrusted(hostileLog, (chunk) => (output += chunk));
    const commands = processLikeRunner(output);
    expect(commands).toHaveLength(1);
    expect(commands[0]!.name).toBe("stop-commands");
    expect(output).toContain("::add-mask::ghp_secretValue");
    expect(output.trimEnd().endsWith(`::${commands[0]!.value}::`)).toBe(true);
  });

  test("the resume token is fresh each time and never occurs in the text", () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++) {
      let output = "";
      printUntrusted(hostileLog, (chunk) => (output += chunk));
      const token = processLikeRunner(output)[0]!.value;
      expect(hostileLog.includes(token)).toBe(false);
      tokens.add(token);
    }
    expect(tokens.size).toBe(20);
  });
});

describe("annotations and summaries", () => {
  test("an annotation whose message holds log text stays one command", () => {
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      annotate({ level: "error", message: "boom\n::add-mask::x\n##[set-env name=A]b", file: "src/a.ts", line: 3 });
    } finally {
      process.stdout.write = original;
    }
    const commands = processLikeRunner(writes.join(""));
    expect(commands.map((c) => c.name)).toEqual(["error"]);
  });

  test("JSON output keeps the same value while v1 commands inside strings stay inert", () => {
    let output = "";
    const value = { message: hostileLog, nested: ["##[add-mask]y"] };
    printJson(value, (chunk) => (output += chunk));
    expect(processLikeRunner(output)).toEqual([]);
    expect(JSON.parse(output)).toEqual(value);
  });

  test("markdown cells cannot break the table or inject HTML", () => {
    expect(markdownCell("a | b <script>x</script>\nnext")).toBe("a \\| b &lt;script&gt;x&lt;/script&gt; next");
  });
});
