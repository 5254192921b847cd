// Text from logs and repositories must never act as a workflow command. The runner model below
// follows actions/runner's ActionCommandManager: `::name args::value` at the start of a trimmed
// line, v1 `##[name args]value` anywhere in it, and `::stop-commands::TOKEN` suspending all
// processing until a line `::TOKEN::`.

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { annotate, markdownCell, printUntrusted } from "../../scripts/lib/github.ts";

interface RunnerCommand {
  name: string;
  value: string;
}

function processLikeRunner(output: string): RunnerCommand[] {
  const commands: RunnerCommand[] = [];
  let stopToken: string | undefined;
  for (const raw of output.split("\n")) {
    const line = raw.trim();
    const v2 = /^::([A-Za-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    const v1 = /##\[([A-Za-z-]+)(?: [^\]]*)?\](.*)$/.exec(line);
    const command = v2 ? { name: v2[1]!, value: v2[2]! } : v1 ? { name: v1[1]!, value: v1[2]! } : undefined;
    if (stopToken !== undefined) {
      if (command && command.name === stopToken) stopToken = undefined;
      continue;
    }
    if (!command) continue;
    if (command.name === "stop-commands") stopToken = command.value;
    commands.push(command);
  }
  return commands;
}

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

  test("markdown cells cannot break the table or inject HTML", () => {
    expect(markdownCell("a | b <script>x</script>\nnext")).toBe("a \\| b &lt;script&gt;x&lt;/script&gt; next");
  });
});
