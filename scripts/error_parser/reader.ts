// Streams a log (a file or stdin) line by line with flat memory: bytes are hashed and decoded in
// chunks, lines end at `\n` only (so `\r\n` counts once and a bare `\r` does not end a line, as
// the taxonomy counts), and a line longer than the cap keeps only its head.

import { open } from "node:fs/promises";

export interface LogFacts {
  bytes: number;
  lines: number;
  sha256: string;
}

/** Called for each line: its 1-based number and its raw text (at most `maxLineChars` characters). */
export type LineSink = (lineNumber: number, raw: string) => void;

/** Small chunks: a line string pins the whole decoded chunk it was sliced from (up to 2 bytes a byte). */
const CHUNK_BYTES = 1 << 16;
/**
 * A full collection every MB read: the decoded chunks and line strings are garbage within milliseconds, but
 * left to itself the collector lets them pile up. On the 1 GB bench log: 229 MB peak RSS without, 139 MB
 * with it, at a few percent of the time (every 512 KB: 123 MB but 40% slower).
 */
const COLLECT_EVERY_BYTES = 16 * CHUNK_BYTES;

export function openLogStream(logPath: string): AsyncIterable<Uint8Array> {
  return logPath === "-" ? process.stdin : readFileChunks(logPath);
}

/** The file's bytes, read into one reused buffer: each chunk is only valid until the next is asked for. */
async function* readFileChunks(path: string): AsyncIterable<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
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

  let collectAt = COLLECT_EVERY_BYTES;
  for await (const chunk of stream) {
    const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    bytes += data.byteLength;
    if (bytes >= collectAt) {
      Bun.gc(true);
      collectAt = bytes + COLLECT_EVERY_BYTES;
    }
    hasher.update(data);
    take(decoder.decode(data, { stream: true }), false);
  }
  take(decoder.decode(), true);
  return { bytes, lines: lineNumber, sha256: hasher.digest("hex") };
}
