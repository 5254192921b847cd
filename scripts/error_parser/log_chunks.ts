// Where the scanner's chunks of lines come from: a large log file is read and scanned by a worker thread
// (scan_worker.ts) while the parser works on the lines already found; stdin, a stream or a small file are
// scanned in the parser's own thread (line_finder.ts chunksOf).

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { chunkBuffers, chunksOf, type FinderSpec, type ScannedChunk } from "./line_finder.ts";
import type { ScanReport, ScanRequest } from "./scan_worker.ts";

export interface LogBytes {
  bytes: number;
  sha256: string;
}

/** Starting a worker costs ~10 ms and ~6 MB: worth it once the scan takes longer (~40 ms for 8 MB). */
const WORKER_MIN_BYTES = 8 << 20;
/** Chunks in flight between the threads: the reader runs at most two ahead of the parser. */
const WORKER_CHUNKS = 3;
/** Large reads: the in-thread finder copies each into its chunk at once. */
const READ_BYTES = 1 << 18;

/**
 * The chunks of a log: a path ("-" for stdin) or a stream of its bytes. A chunk is only valid until the next one
 * is asked for. `worker`: scan in a worker thread (default: for a regular file of WORKER_MIN_BYTES or more).
 */
export async function* logChunks(log: string | AsyncIterable<Uint8Array | string>, spec: FinderSpec, options: { worker?: boolean } = {}): AsyncGenerator<ScannedChunk, LogBytes> {
  if (typeof log !== "string") return yield* chunksOf(log, spec);
  if (log === "-") return yield* chunksOf(process.stdin, spec);
  const fd = openSync(log, "r");
  try {
    const stats = fstatSync(fd);
    const worker = options.worker ?? (stats.isFile() && stats.size >= WORKER_MIN_BYTES);
    return yield* worker ? workerChunks(fd, spec) : chunksOf(fileChunks(fd), spec);
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes from its descriptor, read into one reused buffer: each chunk is only valid until the next is asked for. */
export function* fileChunks(fd: number): Generator<Uint8Array> {
  const buffer = new Uint8Array(READ_BYTES);
  for (;;) {
    // Synchronous reads: a log is a local file, and a promise per chunk cost more than the wait.
    const bytesRead = readSync(fd, buffer, 0, READ_BYTES, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

async function* workerChunks(fd: number, spec: FinderSpec): AsyncGenerator<ScannedChunk, LogBytes> {
  const worker = new Worker(new URL("./scan_worker.ts", import.meta.url).href);
  const reports: ScanReport[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  worker.onmessage = (event: MessageEvent<ScanReport>) => (reports.push(event.data), wake?.());
  worker.onerror = (event) => ((failure = new Error(event.message)), wake?.());
  const request: ScanRequest = { fd, spec, chunks: WORKER_CHUNKS };
  worker.postMessage(request);
  try {
    for (;;) {
      while (reports.length === 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      if (failure) throw failure;
      const report = reports.shift()!;
      if ("error" in report) throw new Error(report.error);
      if ("done" in report) return report.done;
      yield report.chunk;
      worker.postMessage({ chunk: report.chunk }, chunkBuffers(report.chunk));
    }
  } finally {
    worker.terminate();
  }
}
