// The distinct errors of one log: a block whose text (masked into a fingerprint) was seen before only adds an
// occurrence, and past the cap the middle gives way, so memory stays flat however many errors a log prints.

import { CLUSTER_GAP_LINES } from "./extent.ts";
import { fingerprint } from "./fingerprint.ts";
import { guessTool } from "./tools.ts";
import type { LineMatch } from "./classifier.ts";

export interface ExtractedError {
  match: LineMatch;
  message: string;
  fingerprint: string;
  /** First occurrence's block, 1-based inclusive lines of the original file. */
  first: number;
  last: number;
  /** The block's cleaned lines (first occurrence), for locations and excerpts. */
  lines: string[];
  context: string[];
  occurrences: number;
  /** The latest occurrence's block, to find the error nearest the failure. */
  latestFirst: number;
  latestLine: number;
  /**
   * When the error is printed again right after its first print (each print within CLUSTER_GAP_LINES of the one
   * before, erlc's message for each use of a field), the last line of that run; the latest print may lie far below.
   */
  runLast?: number;
}

/** A closed block as the extractor hands it over. */
export interface ClosedBlock {
  match: LineMatch;
  /** The matched line that opened the block: the error's message. */
  anchorText: string;
  /** Further matched lines of the block (a test name after its assertion): part of its fingerprint. */
  details: string[];
  first: number;
  last: number;
  /** Cleaned lines from `first`, possibly with trailing blank lines past `last`. */
  lines: string[];
  context: string[];
}

/** Block texts whose fingerprint is kept: on LogChunks logs 4 blocks in 5 repeat an earlier one's text exactly. */
const FINGERPRINT_MEMO = 1024;

export class ErrorSet {
  private readonly errors = new Map<string, ExtractedError>();
  /** Fingerprints of recent block texts, so that an error printed again is not masked again. */
  private readonly fingerprints = new Map<string, string>();

  constructor(private readonly maxErrors: number) {}

  /** Returns the error the block is (a new one, or the earlier one it repeats). */
  add(block: ClosedBlock): ExtractedError {
    const message = block.anchorText.trim().slice(0, 500);
    const key = this.fingerprintOf([message, ...block.details].join("\n"));
    const known = this.errors.get(key);
    if (known) {
      known.occurrences++;
      const run = known.runLast ?? known.last;
      if (block.first - run <= CLUSTER_GAP_LINES) known.runLast = Math.max(run, block.last);
      known.latestFirst = block.first;
      known.latestLine = block.last;
      if (block.match.rank < known.match.rank) known.match = block.match;
      return known;
    }
    if (this.errors.size >= this.maxErrors) this.evictMiddle();
    // Each line is its own string (the scanner decodes lines one by one), so keeping it keeps no read chunk alive.
    const lines = block.lines.slice(0, block.last - block.first + 1);
    const error: ExtractedError = {
      match: block.match.tool === "unknown" ? { ...block.match, tool: guessTool([...block.context.slice(-1), ...lines]) } : block.match,
      message,
      fingerprint: key,
      first: block.first,
      last: block.last,
      lines,
      context: block.context,
      occurrences: 1,
      latestFirst: block.first,
      latestLine: block.last,
    };
    this.errors.set(key, error);
    return error;
  }

  list(): ExtractedError[] {
    return [...this.errors.values()];
  }

  private fingerprintOf(text: string): string {
    let key = this.fingerprints.get(text);
    if (key === undefined) {
      if (this.fingerprints.size >= FINGERPRINT_MEMO) this.fingerprints.clear();
      key = fingerprint(text);
      this.fingerprints.set(text, key);
    }
    return key;
  }

  /**
   * Past the cap, the oldest error after the first half gives way: the first errors and the ones nearest the
   * failure (the log's end) are what a reader needs.
   */
  private evictMiddle(): void {
    const keys = this.errors.keys();
    for (let i = 0; i < Math.floor(this.maxErrors / 2); i++) keys.next();
    const middle = keys.next();
    if (!middle.done) this.errors.delete(middle.value);
  }
}
