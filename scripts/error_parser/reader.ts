// Opens a log (a file or stdin) as a stream of byte chunks, and reads every line of one for callers that want
// them all. The parser itself lets scanner.ts hand it only the lines it needs; both read lines the same way.

import { closeSync, openSync, readSync } from "node:fs";
import { LogScanner, type LogFacts } from "./scanner.ts";

export type { LogFacts };

/** Large reads: the scanner copies each chunk into its own buffer at once. */
const CHUNK_BYTES = 1 << 18;

export function openLogStream(logPath: string): AsyncIterable<Uint8Array> {
  return logPath === "-" ? process.stdin : readFileChunks(logPath);
}

/**
 * The file's bytes, read into one reused buffer: each chunk is only valid until the next is asked for. Reads are
 * synchronous: a log is a local file, and a promise per chunk cost more than the wait.
 */
async function* readFileChunks(path: string): AsyncIterable<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

/** Every line, with its 1-based number and raw text (at most `maxLineChars` characters). */
export function readLogLines(stream: AsyncIterable<Uint8Array | string>, maxLineChars: number, onLine: (lineNumber: number, raw: string) => void): Promise<LogFacts> {
  return new LogScanner(maxLineChars).scan(stream, { push: onLine, mark: () => {}, markGroups: 0, needsEveryLine: true, triggers: undefined, foldCase: false });
}
