// The log's lines just before the current one, which a new error block reaches back over (a traceback's
// frames, a compiler's code excerpt) and quotes as context: a ring of the lines given one by one, or the
// byte scanner's buffer (scanner.ts), which decodes a line only when it is asked for.

/** How many lines before the current one the extractor may ask for. */
export const RECENT_LINES = 48;
/** Slots of a ring: a power of two above RECENT_LINES, so the current line never takes a wanted slot. */
export const RING_SLOTS = 64;

export interface RecentLines {
  /** The extractor was given this line (the byte scanner holds every line's bytes and ignores it). */
  record(line: number, raw: string): void;
  /** The raw text of one of the RECENT_LINES lines before the current one; undefined when not held. */
  get(line: number): string | undefined;
}

/** For lines pushed one by one, every line of the log. */
export class LineRing implements RecentLines {
  private readonly lines = new Float64Array(RING_SLOTS);
  private readonly raws: string[] = new Array(RING_SLOTS).fill("");

  record(line: number, raw: string): void {
    this.lines[line & (RING_SLOTS - 1)] = line;
    this.raws[line & (RING_SLOTS - 1)] = raw;
  }

  get(line: number): string | undefined {
    return line > 0 && this.lines[line & (RING_SLOTS - 1)] === line ? this.raws[line & (RING_SLOTS - 1)] : undefined;
  }
}
