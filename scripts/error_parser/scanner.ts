// The log's lines, found in its bytes: one pass of a literal automaton over a buffer finds each line's end and
// which triggers the line holds (prefilter keywords or shape literals, success or command markers), so the
// extractor never searches a line for them again. That byte side (line_finder.ts) runs in a worker thread for a
// large file (log_chunks.ts); this side takes its chunks and decodes only the lines with a trigger, the lines an
// open error block asks for and, on request, the lines just before them: most lines of a log never become a
// string, which keeps the parser fast and its memory flat. Lines end at `\n` only (`\r\n` counts once, a bare
// `\r` does not end a line, as the taxonomy counts), and a line longer than the cap keeps only its head.

import { SHAPE_START, SUPERSET, type ScannedChunk } from "./line_finder.ts";
import { logChunks } from "./log_chunks.ts";
import { RECENT_LINES, RING_SLOTS, type RecentLines } from "./recent.ts";

export { SUPERSET };

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
  /** Groups of literals (at most line_finder.ts MAX_TRIGGER_GROUPS) that make a line worth giving; undefined: every line. */
  readonly triggers: readonly (readonly string[])[] | undefined;
  /** The triggers are looked for in any ASCII case. */
  readonly foldCase: boolean;
}

/** `found` of a line not searched for triggers: it may hold any. */
export const EVERY_GROUP = 0xff;

/**
 * The strings made for the lines given (and their cleaned copies) die young, but left to itself the collector
 * lets them pile up past the memory target (150 MB; 215 MB on a 1 GB LogChunks log). So every
 * COLLECT_EVERY_CHARS characters decoded (collections come where the garbage is: stretches of long error lines,
 * not quiet ones), a full collection runs if the process holds more than COLLECT_ABOVE_RSS bytes: 124-133 MB
 * at most on that log. Since the configuration is remembered (lib/config/memo.ts) the process starts ~30 MB
 * smaller and few collections are forced (none on 256 MB).
 */
const COLLECT_EVERY_CHARS = 1 << 20;
const COLLECT_ABOVE_RSS = 125 << 20;

export class LogScanner {
  /** The lines before the one being given, decoded on request (and kept as strings before their chunk is refilled). */
  readonly recent: RecentLines = { record: () => {}, get: (line) => this.recentLine(line) };
  /** Bits added to every line's `found`: EVERY_GROUP without triggers, SUPERSET when their case is folded. */
  private unsearched = 0;
  /** Bytes decoded of a cut line: enough for `maxLineChars` UTF-16 units (at least one per 3 bytes). */
  private readonly headBytes: number;
  private chunk: ScannedChunk | undefined;
  /** The chunk's bytes as a Buffer, for `toString("utf8", start, end)`: decodes a line (invalid bytes as U+FFFD, as TextDecoder does) without a view per line. */
  private text: Buffer = Buffer.alloc(0);
  /** The number of the chunk's first line. */
  private chunkLine = 1;
  private lines = 0;
  /** Characters decoded since the last collection: the garbage a collection is timed by. */
  private decodedChars = 0;
  /** The lines decoded lately, by line number modulo RING_SLOTS. */
  private readonly slotLine = new Float64Array(RING_SLOTS);
  private readonly slotRaw: string[] = new Array(RING_SLOTS).fill("");

  constructor(private readonly maxLineChars: number) {
    this.headBytes = 4 * maxLineChars + 4;
  }

  /** `log`: a file path ("-" for stdin) or a stream of the log's bytes; `worker` as log_chunks.ts says. */
  async scan(log: string | AsyncIterable<Uint8Array | string>, sink: LineSink, options: { worker?: boolean } = {}): Promise<LogFacts> {
    this.unsearched = sink.triggers === undefined ? EVERY_GROUP : sink.foldCase ? SUPERSET : 0;
    const chunks = logChunks(log, { triggers: sink.triggers, foldCase: sink.foldCase, maxLineChars: this.maxLineChars }, options);
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done) return { bytes: next.value.bytes, lines: this.lines, sha256: next.value.sha256 };
        this.take(next.value, sink);
      }
    } finally {
      // A sink that threw leaves the chunks unfinished: the worker is stopped and the file closed.
      await chunks.return(undefined as never);
    }
  }

  /** Hands over the lines of a chunk; its last lines become strings before the next chunk comes (and this one is refilled). */
  private take(chunk: ScannedChunk, sink: LineSink): void {
    this.chunk = chunk;
    this.text = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.length);
    this.chunkLine = this.lines + 1;
    const { found, count } = chunk;
    for (let k = 0; k < count; k++) {
      const line = ++this.lines;
      const bits = found[k]!;
      if (sink.needsEveryLine) sink.push(line, this.rawOf(line), (bits & ~SHAPE_START) | this.unsearched);
      else if ((bits & ~SUPERSET) === 0) continue;
      else {
        const given = (bits & ~SHAPE_START) | this.unsearched;
        if ((given & ~sink.markGroups) === 0 && (bits & SHAPE_START) === 0) sink.mark(line, given);
        else sink.push(line, this.rawOf(line), given);
      }
      if (this.decodedChars >= COLLECT_EVERY_CHARS) this.collect();
    }
    for (let line = Math.max(this.chunkLine, this.lines - RECENT_LINES + 1); line <= this.lines; line++) this.rawOf(line);
  }

  private collect(): void {
    if (process.memoryUsage.rss() > COLLECT_ABOVE_RSS) Bun.gc(true);
    this.decodedChars = 0;
  }

  /** The raw text of a line of the current chunk, or of one decoded lately. */
  private rawOf(line: number): string {
    const slot = line & (RING_SLOTS - 1);
    if (this.slotLine[slot] === line) return this.slotRaw[slot]!;
    const { ends, first } = this.chunk!;
    const k = line - this.chunkLine;
    const start = k === 0 ? first : ends[k - 1]! + 1;
    let raw = this.text.toString("utf8", start, Math.min(ends[k]!, start + this.headBytes));
    if (raw.length > this.maxLineChars) raw = raw.slice(0, this.maxLineChars);
    this.decodedChars += raw.length;
    this.slotLine[slot] = line;
    this.slotRaw[slot] = raw;
    return raw;
  }

  /** Only the RECENT_LINES lines before the newest are sure to be held (as bytes of this chunk, or strings). */
  private recentLine(line: number): string | undefined {
    if (line <= 0 || line < this.lines - RECENT_LINES || line > this.lines) return undefined;
    return line >= this.chunkLine || this.slotLine[line & (RING_SLOTS - 1)] === line ? this.rawOf(line) : undefined;
  }
}
