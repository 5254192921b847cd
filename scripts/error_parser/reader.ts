// Streams a log (a file or stdin) line by line with flat memory: bytes are hashed and decoded in
// chunks, lines end at `\n` only (so `\r\n` counts once and a bare `\r` does not end a line, as
// the taxonomy counts), and a line longer than the cap keeps only its head.

import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";

export interface LogFacts {
  bytes: number;
  lines: number;
  sha256: string;
}

/** Called for each line: its 1-based number and its raw text (at most `maxLineChars` characters). */
export type LineSink = (lineNumber: number, raw: string) => void;

const CHUNK_BYTES = 1 << 20;

export function openLogStream(logPath: string): Readable {
  return logPath === "-" ? process.stdin : createReadStream(logPath, { highWaterMark: CHUNK_BYTES });
}

export async function readLogLines(stream: AsyncIterable<Uint8Array | string>, maxLineChars: number, onLine: LineSink): Promise<LogFacts> {
  const hasher = new Bun.CryptoHasher("sha256");
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let bytes = 0;
  let lineNumber = 0;
  /** The head of a line that continues in the next chunk (never longer than the cap). */
  let pending = "";
  let pendingClipped = false;

  const take = (text: string, end: boolean) => {
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
      const head = pendingClipped ? pending : pending + text.slice(start, Math.min(newline, start + maxLineChars));
      onLine(++lineNumber, head.length > maxLineChars ? head.slice(0, maxLineChars) : head);
      pending = "";
      pendingClipped = false;
      start = newline + 1;
    }
    if (start < text.length && !pendingClipped) {
      pending += text.slice(start, start + maxLineChars - pending.length + 1);
      pendingClipped = pending.length > maxLineChars;
      if (pendingClipped) pending = pending.slice(0, maxLineChars);
    }
    if (end && (pending.length > 0 || pendingClipped)) {
      onLine(++lineNumber, pending);
      pending = "";
    }
  };

  for await (const chunk of stream) {
    const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    bytes += data.byteLength;
    hasher.update(data);
    take(decoder.decode(data, { stream: true }), false);
  }
  take(decoder.decode(), true);
  return { bytes, lines: lineNumber, sha256: hasher.digest("hex") };
}
