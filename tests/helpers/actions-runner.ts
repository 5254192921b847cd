// What the GitHub Actions runner would execute from a step's stdout, and a GitHub-like step
// environment with real GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, for the adversarial e2e tests.
// The model follows actions/runner's ActionCommandManager (used by tests/lib/github.test.ts and the e2e suites):
// `::name args::value` at the start of a trimmed line, v1 `##[name args]value` anywhere in a line,
// and `::stop-commands::TOKEN` suspending all processing until a line `::TOKEN::`. A command name
// is anything up to a space or `::`, as in the runner, so a hex resume token does resume.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface RunnerCommand {
  name: string;
  args: string;
  value: string;
  line: string;
}

export function commandsTheRunnerExecutes(stdout: string): RunnerCommand[] {
  const commands: RunnerCommand[] = [];
  let stopToken: string | undefined;
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    const v2 = /^::([^\s:]+)( [^:]*)?::(.*)$/.exec(line);
    const v1 = /##\[([^\s\]]+)( [^\]]*)?\](.*)$/.exec(line);
    const match = v2 ?? v1;
    const command = match ? { name: match[1]!, args: (match[2] ?? "").trim(), value: match[3]!, line } : undefined;
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

/** Commands a script may legitimately emit: annotations, groups, and stop/resume pairs it opened. */
export function unintendedCommands(stdout: string): RunnerCommand[] {
  const commands = commandsTheRunnerExecutes(stdout);
  const stopTokens = new Set(commands.filter((c) => c.name === "stop-commands").map((c) => c.value));
  return commands.filter((command) => {
    if (command.name === "stop-commands") return !/^[0-9a-f]{16,}$/.test(command.value);
    if (stopTokens.has(command.name)) return false;
    if (["error", "warning", "notice", "debug"].includes(command.name)) return !isOwnAnnotation(command);
    return !["group", "endgroup"].includes(command.name);
  });
}

/** A forged `::error file=x::forged` has exactly the shape the hostile input gives it. */
function isOwnAnnotation(command: RunnerCommand): boolean {
  return !(command.args === "file=x" && command.value === "forged");
}

export interface StepFiles {
  env: Record<string, string>;
  outputs(): Record<string, string>;
  summary(): string;
}

/** GITHUB_ACTIONS=true with fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files under `dir`. */
export function githubStep(dir: string): StepFiles {
  const output = join(dir, "github_output");
  const summary = join(dir, "step_summary.md");
  writeFileSync(output, "");
  writeFileSync(summary, "");
  return {
    env: { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
    outputs: () => parseOutputFile(readFileSync(output, "utf8")),
    summary: () => readFileSync(summary, "utf8"),
  };
}

/** $GITHUB_OUTPUT as the runner reads it: `name<<DELIMITER` heredocs and `name=value` lines. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line === "") continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      while (index + 1 < lines.length && lines[index + 1] !== heredoc[2]) value.push(lines[(index += 1)]!);
      if (index + 1 >= lines.length) throw new Error(`unterminated heredoc for output ${heredoc[1]}`);
      outputs[heredoc[1]!] = value.join("\n");
      index += 1;
      continue;
    }
    const plain = /^([^=]+)=(.*)$/.exec(line);
    if (!plain) throw new Error(`GITHUB_OUTPUT line the runner would reject: ${line}`);
    outputs[plain[1]!] = plain[2]!;
  }
  return outputs;
}
