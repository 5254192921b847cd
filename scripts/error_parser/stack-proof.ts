// A bare `Error: message` line is a JavaScript crash only when stack frames follow it: until one does, the line
// is what the patterns after its own make of it (an Actions annotation, a CLI's last word). The extractor asks
// this for every match, and shows it the few lines after such a line.

import type { ErrorClassifier, LineMatch } from "./classifier.ts";
import type { ClosedBlock, ExtractedError } from "./error-set.ts";

/**
 * The pattern of a bare `Error: message` line (config/errors.yaml). The Actions log shows an action's
 * `core.setFailed(message)` so, and cobra, anyhow or click print their last word so: only the frames Node prints
 * under an uncaught error, within STACK_FRAME_LINES lines, make it a crash.
 */
const STACKED_ERROR = "node.error-with-stack";
const STACK_FRAME_LINES = 5;
/** A V8 stack frame: `    at fn (file.js:1:2)`, `    at file:///x.mjs:5:7`, `    at new Promise (<anonymous>)`. */
const STACK_FRAME = /^\s+at \S.*(?::\d+\)?|\((?:<anonymous>|native|index \d+)\))(?: \{)?$/;

export class StackProof {
  /** The last such line still waiting for a frame: its crash match, and its error once its block closed. */
  private unproven: { line: number; crash: LineMatch; error?: ExtractedError } | undefined;

  constructor(private readonly classifier: ErrorClassifier) {}

  /** True while the lines that follow such a line must be shown (`see`). */
  get waiting(): boolean {
    return this.unproven !== undefined;
  }

  /** The match a line stands for now: a bare `Error: ` line's crash waits for its frames. */
  matchOf(line: number, text: string, match: LineMatch | undefined): LineMatch | undefined {
    if (match?.patternId !== STACKED_ERROR) return match;
    this.unproven = { line, crash: match };
    // No pattern after it matching: the crash stands.
    return this.classifier.classifyAfter(text, match.rank) ?? match;
  }

  /**
   * A line after the waiting one (cleaned). A stack frame makes its error a crash, unless a line of the error says
   * more already: `open` is the open block, which holds the line while its error is not closed.
   */
  see(line: number, text: string, open: ClosedBlock | undefined): void {
    const waiting = this.unproven!;
    if (line - waiting.line > STACK_FRAME_LINES) {
      this.unproven = undefined;
      return;
    }
    if (!STACK_FRAME.test(text)) return;
    this.unproven = undefined;
    const error = open && open.first <= waiting.line && waiting.line <= open.last ? open : waiting.error;
    if (error && waiting.crash.rank < error.match.rank) error.match = waiting.crash;
  }

  /** A block closed as `error`: the error of the waiting line if the block holds it. */
  closed(block: ClosedBlock, error: ExtractedError): void {
    if (this.unproven && block.first <= this.unproven.line && this.unproven.line <= block.last) this.unproven.error = error;
  }
}
