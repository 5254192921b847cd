// Warnings kept as runs of consecutive blocks, for a failure no error explains (see unexplained.ts): located
// warnings (`src/x.hs:94:10: Warning:`), as a tool that fails on them (`-Werror`, `--strict`) prints no error line,
// and retry warnings that name a network or timeout failure (pip's `Retrying (...) after connection broken by
// 'ReadTimeoutError'`), as a tool that gives up on its retries may print only a bare `ERROR: Exception:`.

import type { ClosedBlock, ExtractedError } from "./error-set.ts";
import type { LineMatch } from "./classifier.ts";

/** Runs kept: the latest ones, as the failing step is near the log's end. */
const MAX_RUNS = 64;
/** Lines a run of retry warnings keeps: its latest attempts tell the cause, and memory stays flat. */
export const CAUSE_RUN_LINES = 20;

export class WarningRuns {
  private readonly runs: ExtractedError[] = [];

  /** `maxLines`: a longer run keeps only its latest lines. */
  constructor(private readonly maxLines = Infinity) {}

  add(block: ClosedBlock): void {
    const lines = block.lines.slice(0, block.last - block.first + 1);
    const previous = this.runs.at(-1);
    // Warnings printed one under another are one report.
    if (previous && block.first <= previous.last + 1) {
      previous.lines.push(...lines.slice(previous.last + 1 - block.first));
      previous.last = previous.latestLine = Math.max(previous.last, block.last);
      const over = previous.lines.length - this.maxLines;
      if (over > 0) {
        previous.lines.splice(0, over);
        previous.first = previous.latestFirst = previous.first + over;
        previous.message = previous.lines[0]!.trim().slice(0, 500);
      }
      return;
    }
    if (this.runs.length >= MAX_RUNS) this.runs.shift();
    const message = block.anchorText.trim().slice(0, 500);
    this.runs.push({ match: block.match, message, fingerprint: "", first: block.first, last: block.last, lines, context: block.context, occurrences: 1, latestFirst: block.first, latestLine: block.last });
  }

  /** A one-line warning, as the failure `cause` it names. */
  addLine(line: number, text: string, cause: LineMatch): void {
    this.add({ match: cause, anchorText: text, details: [], first: line, last: line, lines: [text], context: [] });
  }

  list(): ExtractedError[] {
    return this.runs;
  }
}
