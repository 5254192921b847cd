// The log's lines, found in its bytes: one pass of a literal automaton over a buffer finds each line's end and
// which triggers the line holds (prefilter keywords or shape literals, success or command markers), so the
// extractor never searches a line for them again. Only
// those lines, the lines an open error block asks for and, on request, the lines just before them are decoded:
// most lines of a log never become a string, which keeps the parser fast and its memory flat without forcing
// collections. Lines end at `\n` only (`\r\n` counts once, a bare `\r` does not end a line, as the taxonomy
// counts), and a line longer than the cap keeps only its head.

import { mayStartWithShape } from "./line_start.ts";
import { findLineEnds, LineEnds, type TriggerAutomaton } from "./line_ends.ts";
import { triggerAutomaton } from "./literals.ts";
import { RECENT_LINES, RING_SLOTS, type RecentLines } from "./recent.ts";

export interface LogFacts {
  bytes: number;
  lines: number;
  sha256: string;
}

export interface LineSink {
  /**
   * Called with a line's 1-based number, its raw text (at most `maxLineChars` characters) and the trigger groups
   * found in the line's bytes (bit g: a literal of `triggers[g]`), in order. With SUPERSET set, `raw` may lack
   * some of them (ASCII case folded, or found past its end); EVERY_GROUP: the line was not searched.
   */
  push(lineNumber: number, raw: string, found: number): void;
  /**
   * Called instead of `push`, without decoding the line, when `needsEveryLine` is false and the line holds only
   * groups of `markGroups` (exactly) and starts with no prefilter shape.
   */
  mark(lineNumber: number, found: number): void;
  readonly markGroups: number;
  /** When false, the next line is given only if it holds a trigger or starts with a prefilter shape. */
  readonly needsEveryLine: boolean;
  /** Groups of literals (at most 6) that make a line worth giving; undefined: every line. */
  readonly triggers: readonly (readonly string[])[] | undefined;
  /** The triggers are looked for in any ASCII case. */
  readonly foldCase: boolean;
}

/** A bit of `found`: its groups are what the line may hold, not what its raw text holds. */
export const SUPERSET = 0x80;
/** `found` of a line not searched for triggers: it may hold any. */
export const EVERY_GROUP = 0xff;

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/**
 * The strings made for the lines given (and their cleaned copies) die young, but left to itself the collector
 * lets them pile up past the memory target (150 MB; 215 MB on a 1 GB LogChunks log). So every
 * COLLECT_EVERY_CHARS characters decoded (collections come where the garbage is: stretches of long error lines,
 * not quiet ones), a full collection runs if the process holds more than COLLECT_ABOVE_RSS bytes: 133-138 MB
 * at most on that log (every 2 M characters: up to 146 MB, too near the target, for ~3% less CPU time).
 */
const COLLECT_EVERY_CHARS = 1 << 20;
const COLLECT_ABOVE_RSS = 125 << 20;
/** Bytes scanned per pass: bounds the line ends found at once (at most one a byte). */
const PASS_BYTES = 1 << 16;
/** Room for many lines per read; compacting moves only the unfinished line to the front. */
const BUFFER_BYTES = 1 << 20;

/** The buffers of the last finished scan, for the next: a process that reads many small logs allocates them once. */
let spare: { buffer: Buffer; firstHalf: LineEnds; secondHalf: LineEnds } | undefined;

/** The last automaton built, by its literals (building one takes milliseconds; a process reads logs with one configuration). */
let lastAutomaton: { key: string; automaton: TriggerAutomaton } | undefined;

/** `\n` is a literal too (its own, last group), so the scan finds line ends and triggers in one table lookup per byte. */
function automatonFor(triggers: readonly (readonly string[])[], anyCase: boolean): TriggerAutomaton {
  const key = JSON.stringify([anyCase, triggers]);
  if (lastAutomaton?.key !== key) lastAutomaton = { key, automaton: triggerAutomaton([...triggers, ["\n"]], { anyCase }) };
  return lastAutomaton.automaton;
}

export class LogScanner {
  /** The lines before the one being given, decoded on request (and kept as strings before the buffer moves). */
  readonly recent: RecentLines = { record: () => {}, get: (line) => this.recentLine(line) };
  private automaton: TriggerAutomaton = { next: new Uint16Array(0), kinds: new Uint8Array(0) };
  /** Bits added to every line's `found`: EVERY_GROUP without triggers, SUPERSET when their case is folded. */
  private unsearched = 0;
  /** Bytes decoded for a capped line: enough for `maxLineChars` UTF-16 units (at least one per 3 bytes). */
  private readonly headBytes: number;
  /** A Buffer for `toString("utf8", start, end)`: decodes a line (invalid bytes as U+FFFD, as TextDecoder does) without a view per line. */
  private readonly buffer: Buffer;
  private length = 0;
  private lineStart = 0;
  /** The automaton's state and trigger groups for the unfinished line, between buffer fills. */
  private state = 0;
  private lineHit = 0;
  private readonly firstHalf: LineEnds;
  private readonly secondHalf: LineEnds;
  private lines = 0;
  /** Characters decoded since the last collection: the garbage a collection is timed by. */
  private decodedChars = 0;
  private started = false;
  private readonly slotLine = new Float64Array(RING_SLOTS);
  private readonly slotStart = new Int32Array(RING_SLOTS);
  private readonly slotEnd = new Int32Array(RING_SLOTS);
  private readonly slotRaw: (string | undefined)[] = new Array(RING_SLOTS).fill(undefined);

  constructor(private readonly maxLineChars: number) {
    this.headBytes = 4 * maxLineChars + 4;
    const size = Math.max(BUFFER_BYTES, 4 * this.headBytes);
    const reused = spare?.buffer.length === size ? spare : undefined;
    spare = reused ? undefined : spare;
    this.buffer = reused?.buffer ?? Buffer.alloc(size);
    this.firstHalf = reused?.firstHalf ?? new LineEnds(PASS_BYTES);
    this.secondHalf = reused?.secondHalf ?? new LineEnds(PASS_BYTES);
  }

  async scan(stream: AsyncIterable<Uint8Array | string>, sink: LineSink): Promise<LogFacts> {
    const hasher = new Bun.CryptoHasher("sha256");
    this.automaton = automatonFor(sink.triggers ?? [], sink.foldCase);
    this.unsearched = sink.triggers === undefined ? EVERY_GROUP : sink.foldCase ? SUPERSET : 0;
    let bytes = 0;

    for await (const chunk of stream) {
      let data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      hasher.update(data);
      bytes += data.byteLength;
      while (data.byteLength > 0) {
        if (this.length === this.buffer.length) this.compact();
        const taken = Math.min(data.byteLength, this.buffer.length - this.length);
        this.buffer.set(data.subarray(0, taken), this.length);
        const from = this.length;
        this.length += taken;
        data = data.subarray(taken);
        this.scanFrom(from, sink, false);
      }
      if (this.decodedChars >= COLLECT_EVERY_CHARS) {
        if (process.memoryUsage.rss() > COLLECT_ABOVE_RSS) Bun.gc(true);
        this.decodedChars = 0;
      }
    }
    this.scanFrom(this.length, sink, true);
    if (this.lineStart < this.length) this.endLine(this.length, this.lineHit, sink);
    spare = { buffer: this.buffer, firstHalf: this.firstHalf, secondHalf: this.secondHalf };
    return { bytes, lines: this.lines, sha256: hasher.digest("hex") };
  }

  /** Finds the lines ending in `buffer[from, length)`, then hands them over in order. */
  private scanFrom(from: number, sink: LineSink, atEnd: boolean): void {
    if (!this.started) {
      // The decoder of a whole log drops a leading byte order mark: so does the first line here.
      if (this.length < UTF8_BOM.length && !atEnd) return;
      this.started = true;
      if (UTF8_BOM.every((byte, i) => this.buffer[i] === byte)) this.lineStart = UTF8_BOM.length;
      from = this.lineStart;
    }
    const { firstHalf, secondHalf } = this;
    for (let start = from; start < this.length; start += PASS_BYTES) {
      firstHalf.state = this.state;
      firstHalf.hit = this.lineHit;
      const unfinished = findLineEnds(this.automaton, this.buffer, start, Math.min(start + PASS_BYTES, this.length), firstHalf, secondHalf);
      for (const half of unfinished === firstHalf ? [firstHalf] : [firstHalf, secondHalf]) {
        for (let k = 0; k < half.count; k++) this.endLine(half.ends[k]!, half.hits[k]!, sink);
      }
      this.state = unfinished.state;
      this.lineHit = unfinished.hit;
    }
  }

  /** The line from `lineStart` to `end` (its `\n`, or the log's end) is complete. */
  private endLine(end: number, found: number, sink: LineSink): void {
    const line = ++this.lines;
    const start = this.lineStart;
    const stop = Math.min(end, start + this.headBytes);
    const slot = line & (RING_SLOTS - 1);
    this.slotLine[slot] = line;
    this.slotStart[slot] = start;
    this.slotEnd[slot] = stop;
    this.slotRaw[slot] = undefined;
    this.lineStart = end + 1;
    // A line of at most maxLineChars bytes is never cut: its raw text holds all it was found to hold.
    const cut = end - start > this.maxLineChars ? SUPERSET : 0;
    if (sink.needsEveryLine) return sink.push(line, this.rawOf(slot), found | this.unsearched | cut);
    if (found === 0 && !mayStartWithShape(this.buffer, start, stop)) return;
    found |= this.unsearched | cut;
    if ((found & ~sink.markGroups) === 0 && !mayStartWithShape(this.buffer, start, stop)) sink.mark(line, found);
    else sink.push(line, this.rawOf(slot), found);
  }

  private rawOf(slot: number): string {
    let raw = this.slotRaw[slot];
    if (raw === undefined) {
      raw = this.buffer.toString("utf8", this.slotStart[slot]!, this.slotEnd[slot]!);
      if (raw.length > this.maxLineChars) raw = raw.slice(0, this.maxLineChars);
      this.decodedChars += raw.length;
      this.slotRaw[slot] = raw;
    }
    return raw;
  }

  /** Only the RECENT_LINES lines before the newest are sure to have their bytes (or string) still. */
  private recentLine(line: number): string | undefined {
    const slot = line & (RING_SLOTS - 1);
    return line > 0 && line >= this.lines - RECENT_LINES && this.slotLine[slot] === line ? this.rawOf(slot) : undefined;
  }

  /**
   * Moves the unfinished line to the buffer's front. The lines `recent` may still be asked for become strings
   * first; of a line longer than the head only the head stays (the rest is scanned as it comes, then dropped).
   */
  private compact(): void {
    for (let line = Math.max(1, this.lines - RECENT_LINES + 1); line <= this.lines; line++) this.rawOf(line & (RING_SLOTS - 1));
    const kept = Math.min(this.length - this.lineStart, this.headBytes);
    this.buffer.copyWithin(0, this.lineStart, this.lineStart + kept);
    this.length = kept;
    this.lineStart = 0;
  }
}
