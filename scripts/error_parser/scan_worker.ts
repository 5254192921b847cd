// The scan's byte side in a thread of its own: reads a log file by its descriptor and runs line_finder.ts over
// it (SHA-256, the trigger automaton, line-start shapes), so that the parser's thread only takes the lines
// found. Started by log_chunks.ts; chunks travel between the threads without copies and come back to be refilled.

import { readSync } from "node:fs";
import { chunkBuffers, LineFinder, type FinderSpec, type ScannedChunk } from "./line_finder.ts";

declare const self: Worker;

export interface ScanRequest {
  fd: number;
  spec: FinderSpec;
  /** Chunks in flight: bounds how far ahead of the parser the reading runs (and its memory). */
  chunks: number;
}

export type ScanReport = { chunk: ScannedChunk } | { done: { bytes: number; sha256: string } } | { error: string };

const free: ScannedChunk[] = [];
let wake: (() => void) | undefined;

self.onmessage = (event: MessageEvent<ScanRequest | { chunk: ScannedChunk }>) => {
  if ("fd" in event.data) void scan(event.data);
  else {
    free.push(event.data.chunk);
    wake?.();
  }
};

async function scan({ fd, spec, chunks }: ScanRequest): Promise<void> {
  try {
    const finder = new LineFinder(spec);
    for (let i = 0; i < chunks; i++) free.push(finder.newChunk());
    let chunk = await freeChunk();
    for (;;) {
      if (finder.room(chunk) === 0) {
        const next = await freeChunk();
        finder.carry(chunk, next);
        post({ chunk });
        chunk = next;
      }
      const read = readSync(fd, chunk.bytes, chunk.length, finder.room(chunk), null);
      if (read === 0) break;
      finder.add(chunk, read);
    }
    const done = finder.finish(chunk);
    post({ chunk });
    post({ done });
  } catch (error) {
    post({ error: (error as Error).message });
  }
}

async function freeChunk(): Promise<ScannedChunk> {
  while (free.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  return free.pop()!;
}

function post(report: ScanReport): void {
  self.postMessage(report, "chunk" in report ? chunkBuffers(report.chunk) : []);
}
