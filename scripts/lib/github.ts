// GitHub Actions conventions shared by every script: outputs, step summary, annotations through
// @actions/core, and printing of untrusted text (log lines, file contents) so it can never act as
// a workflow command.

import type { AnnotationProperties } from "@actions/core";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * @actions/core, loaded at the first call inside Actions: elsewhere it only cost ~35 ms of every start. It is an
 * ES module with no `require` export, so its resolved file is required (Bun requires ES modules synchronously).
 */
export const actionsCore = () => createRequire(import.meta.url)(fileURLToPath(import.meta.resolve("@actions/core"))) as typeof import("@actions/core");

export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/** Writes step outputs to $GITHUB_OUTPUT; a no-op outside Actions. */
export function setOutputs(outputs: Record<string, string | number | boolean>): void {
  if (!inGitHubActions() || !process.env.GITHUB_OUTPUT) return;
  for (const [name, value] of Object.entries(outputs)) actionsCore().setOutput(name, String(value));
}

/** Appends markdown to $GITHUB_STEP_SUMMARY; a no-op outside Actions. */
export async function appendStepSummary(markdown: string): Promise<void> {
  if (!inGitHubActions() || !process.env.GITHUB_STEP_SUMMARY) return;
  await actionsCore().summary.addRaw(markdown, true).write();
}

export interface Annotation {
  level: "error" | "warning" | "notice";
  message: string;
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  column?: number;
}

/**
 * While a script prints JSON on stdout, workflow commands (annotations, warnings) go to stderr, which
 * the runner reads too, so `--json > analysis.json` stays one parseable object.
 */
let commandsToStderr = false;

export function sendCommandsToStderr(): void {
  commandsToStderr = true;
}

/** Runs an @actions/core call that writes a workflow command, on stderr when JSON owns stdout. */
export function issueCommand(write: () => void): void {
  if (!commandsToStderr) return write();
  const stdoutWrite = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    write();
  } finally {
    process.stdout.write = stdoutWrite;
  }
}

/** A file/line annotation; @actions/core escapes the message, so log text inside it stays data. */
export function annotate({ level, message, title, file, line, endLine, column }: Annotation): void {
  if (!inGitHubActions()) return;
  const properties: AnnotationProperties = {};
  if (title !== undefined) properties.title = title;
  if (file !== undefined) properties.file = file;
  if (line !== undefined) properties.startLine = line;
  if (endLine !== undefined) properties.endLine = endLine;
  if (column !== undefined) properties.startColumn = column;
  issueCommand(() => actionsCore()[level](message, properties));
}

/**
 * Prints text that came from a log or a repository. Inside Actions it is wrapped in
 * `::stop-commands::<token>` ... `::<token>::` with a fresh random token, so the runner ignores any
 * `::add-mask::`, `::set-output` or `::stop-commands::` it contains (v1 `##[` commands too).
 */
export function printUntrusted(text: string, write: (chunk: string) => void = (c) => void process.stdout.write(c)): void {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (!inGitHubActions()) {
    write(body);
    return;
  }
  let token = randomBytes(16).toString("hex");
  while (body.includes(token)) token = randomBytes(16).toString("hex");
  write(`::stop-commands::${token}\n${body}::${token}::\n`);
}

/**
 * Prints one JSON value on stdout. The runner obeys v1 `##[command]` anywhere in a line, and log text
 * inside JSON strings may hold one; `#` is written as the JSON escape \u0023, the same value, inert.
 */
export function printJson(value: unknown, write: (chunk: string) => void = (c) => void process.stdout.write(c)): void {
  write(inertJson(value));
}

/** Indented JSON text, one value, with `#` escaped so no line can hold a workflow command. */
export function inertJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/#/g, "\\u0023")}\n`;
}

/** Escapes text for one markdown table cell (pipes, newlines, HTML). */
export function markdownCell(text: string, maxLength = 160): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  const clipped = oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
  return clipped.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!).replace(/\|/g, "\\|");
}
