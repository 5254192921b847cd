// Located warnings (`src/x.hs:94:10: Warning:`, swiftlint's `x.swift:88:42: warning: ... Violation`), kept as runs
// of consecutive blocks: a tool that fails on its warnings (`-Werror`, `--strict`, `--max-warnings 0`) prints
// no error line, and its warnings are then the failure's account (see primary.ts).

import type { ClosedBlock, ExtractedError } from "./error-set.ts";

/** Runs kept: the latest ones, as the failing step is near the log's end. */
const MAX_RUNS = 64;

export class WarningRuns {
  private readonly runs: ExtractedError[] = [];

  add(block: ClosedBlock): void {
    const lines = block.lines.slice(0, block.last - block.first + 1);
    const previous = this.runs.at(-1);
    // Warnings printed one under another are one report.
    if (previous && block.first <= previous.last + 1) {
      previous.lines.push(...lines.slice(previous.last + 1 - block.first));
      previous.last = previous.latestLine = Math.max(previous.last, block.last);
      return;
    }
    if (this.runs.length >= MAX_RUNS) this.runs.shift();
    const message = block.anchorText.trim().slice(0, 500);
    this.runs.push({ match: block.match, message, fingerprint: "", first: block.first, last: block.last, lines, context: block.context, occurrences: 1, latestFirst: block.first, latestLine: block.last });
  }

  list(): ExtractedError[] {
    return this.runs;
  }
}
