// Opens a log (a file or stdin) as a stream of byte chunks, and reads every line of one for callers that want
// them all. The parser itself lets scanner.ts hand it only the lines it needs; both read lines the same way.

import { closeSync, openSync } from "node:fs";
import { fileChunks } from "./log_chunks.ts";
import { LogScanner, type LogFacts } from "./scanner.ts";

export type { LogFacts };

export function openLogStream(logPath: string): AsyncIterable<Uint8Array> {
  return logPath === "-" ? process.stdin : readFile(logPath);
}

/** The file's bytes, read into one reused buffer: each chunk is only valid until the next is asked for. */
async function* readFile(path: string): AsyncIterable<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    yield* fileChunks(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every line, with its 1-based number and raw text (at most `maxLineChars` characters). */
export function readLogLines(stream: AsyncIterable<Uint8Array | string>, maxLineChars: number, onLine: (lineNumber: number, raw: string) => void): Promise<LogFacts> {
  return new LogScanner(maxLineChars).scan(stream, { push: onLine, mark: () => {}, markGroups: 0, needsEveryLine: true, triggers: undefined, foldCase: false });
}
