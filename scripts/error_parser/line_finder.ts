// The byte side of the scan: a log's bytes in, chunks of whole lines out, each line with its end, the trigger
// groups it holds (line_ends.ts) and whether it may start with a prefilter shape, plus the log's SHA-256. It runs
// in scan_worker.ts beside the parser for a large file, or in the parser's thread (stdin, small files).

import { findLineEnds, LineEnds, type TriggerAutomaton } from "./line_ends.ts";
import { mayStartWithShape } from "./line_start.ts";
import { triggerAutomaton } from "./literals.ts";

/** A bit of `found`: the line's groups are what it may hold, not what its raw text holds (it was cut). */
export const SUPERSET = 0x80;
/** A bit of `found` from the finder only: the line may start with a prefilter shape (line_start.ts). */
export const SHAPE_START = 0x40;
/** Trigger groups a finder can look for: SHAPE_START and SUPERSET take the top bits, `\n` is one more group. */
export const MAX_TRIGGER_GROUPS = 5;

/** Whole lines in a buffer that can be handed from one thread to another. */
export interface ScannedChunk {
  bytes: Uint8Array;
  /** Offset of the first line's start (after a byte order mark, or 0). */
  first: number;
  /** Lines ending in this chunk; line k spans [k ? ends[k - 1] + 1 : first, ends[k]). */
  count: number;
  /** Offset of each line's `\n` (or of the log's end); only the head of a cut line is in `bytes`. */
  ends: Int32Array;
  /** Trigger group bits of each line, with SHAPE_START and SUPERSET (line longer than `maxLineChars`). */
  found: Uint8Array;
  /** Bytes filled; the unfinished line starts at `lineStart` and is carried into the next chunk. */
  length: number;
  lineStart: number;
}

/** The buffers a chunk holds, handed from thread to thread instead of copied. */
export function chunkBuffers(chunk: ScannedChunk): ArrayBuffer[] {
  return [chunk.bytes.buffer as ArrayBuffer, chunk.ends.buffer as ArrayBuffer, chunk.found.buffer as ArrayBuffer];
}

/** What the finder needs to know, as posted to the worker. */
export interface FinderSpec {
  /** Groups of literals (at most MAX_TRIGGER_GROUPS); undefined: none (every line is given anyway). */
  triggers: readonly (readonly string[])[] | undefined;
  foldCase: boolean;
  maxLineChars: number;
}

/** Room for many lines per chunk; carrying moves only the unfinished line's head to the next. */
const CHUNK_BYTES = 1 << 20;
/** Bytes scanned per pass: bounds the line ends found at once (at most one a byte). */
const PASS_BYTES = 1 << 16;
const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** Line ends a new chunk has room for before it grows. */
const LINES_AT_FIRST = 1 << 14;

/** The last automaton built in this thread, by its literals (a process reads logs with one configuration). */
let lastAutomaton: { key: string; automaton: TriggerAutomaton } | undefined;

/** `\n` is a literal too (its own, last group), so the scan finds line ends and triggers in one table lookup per byte. */
function automatonFor(triggers: readonly (readonly string[])[], anyCase: boolean): TriggerAutomaton {
  if (triggers.length > MAX_TRIGGER_GROUPS) throw new Error(`too many trigger groups (${triggers.length}) for the scanner`);
  const key = JSON.stringify([anyCase, triggers]);
  if (lastAutomaton?.key !== key) lastAutomaton = { key, automaton: triggerAutomaton([...triggers, ["\n"]], { anyCase }) };
  return lastAutomaton.automaton;
}

export class LineFinder {
  readonly chunkBytes: number;
  /** Bytes kept of a line cut at `maxLineChars`: enough UTF-8 for that many UTF-16 units (at least one per 3 bytes). */
  readonly headBytes: number;
  private readonly automaton: TriggerAutomaton;
  private readonly hasher = new Bun.CryptoHasher("sha256");
  private bytes = 0;
  private started = false;
  /** The automaton's state and trigger groups for the unfinished line, between passes. */
  private state = 0;
  private hit = 0;
  private readonly firstHalf = new LineEnds(PASS_BYTES);
  private readonly secondHalf = new LineEnds(PASS_BYTES);

  constructor(private readonly spec: FinderSpec) {
    this.headBytes = 4 * spec.maxLineChars + 4;
    this.chunkBytes = Math.max(CHUNK_BYTES, 4 * this.headBytes);
    this.automaton = automatonFor(spec.triggers ?? [], spec.foldCase);
  }

  newChunk(): ScannedChunk {
    const size = this.chunkBytes;
    return { bytes: new Uint8Array(size), first: 0, count: 0, ends: new Int32Array(LINES_AT_FIRST), found: new Uint8Array(LINES_AT_FIRST), length: 0, lineStart: 0 };
  }

  /** The log's bytes `chunk.bytes[chunk.length, chunk.length + added)` were just filled in: finds the lines they end. */
  add(chunk: ScannedChunk, added: number): void {
    const from = chunk.length;
    chunk.length += added;
    this.bytes += added;
    this.hasher.update(chunk.bytes.subarray(from, chunk.length));
    this.scan(chunk, from, false);
  }

  /** Room left in `chunk`; when none, `carry` starts the next one. */
  room(chunk: ScannedChunk): number {
    return chunk.bytes.length - chunk.length;
  }

  /** Starts `next` with the unfinished line of `chunk` (only its head when it is longer: the rest was scanned). */
  carry(chunk: ScannedChunk, next: ScannedChunk): void {
    const kept = Math.min(chunk.length - chunk.lineStart, this.headBytes);
    next.bytes.set(chunk.bytes.subarray(chunk.lineStart, chunk.lineStart + kept), 0);
    Object.assign(next, { first: 0, count: 0, length: kept, lineStart: 0 });
  }

  /** The log ended: its last line, when it has no `\n`, ends in `chunk`. Returns the log's size and hash. */
  finish(chunk: ScannedChunk): { bytes: number; sha256: string } {
    this.scan(chunk, chunk.length, true);
    if (chunk.lineStart < chunk.length) this.endLine(chunk, chunk.length, this.hit);
    return { bytes: this.bytes, sha256: this.hasher.digest("hex") };
  }

  /** Finds the lines ending in `bytes[from, length)`. */
  private scan(chunk: ScannedChunk, from: number, atEnd: boolean): void {
    if (!this.started) {
      // The decoder of a whole log drops a leading byte order mark: so does the first line here.
      if (chunk.length < UTF8_BOM.length && !atEnd) return;
      this.started = true;
      if (UTF8_BOM.every((byte, i) => chunk.bytes[i] === byte)) chunk.first = chunk.lineStart = UTF8_BOM.length;
      from = chunk.lineStart;
    }
    const { firstHalf, secondHalf } = this;
    for (let start = from; start < chunk.length; start += PASS_BYTES) {
      firstHalf.state = this.state;
      firstHalf.hit = this.hit;
      const unfinished = findLineEnds(this.automaton, chunk.bytes, start, Math.min(start + PASS_BYTES, chunk.length), firstHalf, secondHalf);
      for (const half of unfinished === firstHalf ? [firstHalf] : [firstHalf, secondHalf]) {
        for (let k = 0; k < half.count; k++) this.endLine(chunk, half.ends[k]!, half.hits[k]!);
      }
      this.state = unfinished.state;
      this.hit = unfinished.hit;
    }
  }

  /** The line from `lineStart` to `end` is complete. */
  private endLine(chunk: ScannedChunk, end: number, found: number): void {
    const start = chunk.lineStart;
    const stop = Math.min(end, start + this.headBytes);
    // A line of at most maxLineChars bytes is never cut: its raw text holds all it was found to hold.
    if (end - start > this.spec.maxLineChars) found |= SUPERSET;
    if (mayStartWithShape(chunk.bytes, start, stop)) found |= SHAPE_START;
    if (chunk.count === chunk.ends.length) grow(chunk);
    chunk.ends[chunk.count] = end;
    chunk.found[chunk.count++] = found;
    chunk.lineStart = end + 1;
  }
}

/** Room for the lines of a chunk grows as they come (a chunk of 1 MB holds ~12 k lines of a CI log, 1 M at most). */
function grow(chunk: ScannedChunk): void {
  const ends = new Int32Array(chunk.ends.length * 2);
  const found = new Uint8Array(chunk.ends.length * 2);
  ends.set(chunk.ends);
  found.set(chunk.found);
  Object.assign(chunk, { ends, found });
}

/** The chunks of a stream of bytes, found in this thread; a chunk is filled again once the next is asked for. */
export async function* chunksOf(stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>, spec: FinderSpec): AsyncGenerator<ScannedChunk, { bytes: number; sha256: string }> {
  const finder = new LineFinder(spec);
  let chunk = spareChunk(finder);
  let other = spareChunk(finder);
  for await (const piece of stream) {
    let data = typeof piece === "string" ? Buffer.from(piece) : piece;
    while (data.byteLength > 0) {
      if (finder.room(chunk) === 0) {
        finder.carry(chunk, other);
        yield chunk;
        [chunk, other] = [other, chunk];
      }
      const taken = Math.min(data.byteLength, finder.room(chunk));
      chunk.bytes.set(data.subarray(0, taken), chunk.length);
      finder.add(chunk, taken);
      data = data.subarray(taken);
    }
  }
  const facts = finder.finish(chunk);
  yield chunk;
  spares.push(chunk, other);
  return facts;
}

/** Chunks of the last finished in-thread scans: a process that reads many small logs allocates them once. */
const spares: ScannedChunk[] = [];

function spareChunk(finder: LineFinder): ScannedChunk {
  while (spares.length > 0) {
    const chunk = spares.pop()!;
    if (chunk.bytes.length === finder.chunkBytes) return Object.assign(chunk, { first: 0, count: 0, length: 0, lineStart: 0 });
  }
  return finder.newChunk();
}
