// An error block while it is open: the lines it has taken so far, and the rule for whether the next line
// continues it (a traceback's frames, a section until its end, a tool prefix, indented detail).

import type { LineMatch } from "./classifier.ts";
import type { ClosedBlock } from "./error-set.ts";
import { blockKind, endsSection, endsTraceback, indentOf, isBlank, isCommandLine, isContinuationLine, isLocatedWarning, isLocationLine, sanitizerReportGoesOn, toolPrefix, type BlockKind } from "./layout.ts";
import type { NumberedLine } from "./lookback.ts";

export interface OpenBlock extends ClosedBlock {
  /** The match of the line that opened it (`match` may become a later line's, more precise one). */
  anchorMatch: LineMatch;
  kind: BlockKind;
  baseIndent: number;
  prefix: string | undefined;
  blanks: number;
}

/** A block opened by the matched line `text`, with the lines before it that belong to it (`back`). */
export function newBlock(line: number, text: string, match: LineMatch, kind: BlockKind, back: NumberedLine[], context: string[]): OpenBlock {
  return {
    match,
    anchorMatch: match,
    anchorText: text,
    kind,
    first: back[0]?.line ?? line,
    last: line,
    lines: [...back.map((entry) => entry.text), text],
    context,
    baseIndent: Math.min(indentOf(text), ...back.map((entry) => indentOf(entry.text))),
    prefix: toolPrefix(text),
    blanks: 0,
    details: [],
  };
}

/** Adds a line that continues the block; a matched line can say more precisely what went wrong. */
export function takeLine(block: OpenBlock, line: number, text: string, match: LineMatch | undefined): void {
  block.lines.push(text);
  if (isBlank(text)) {
    block.blanks++;
    return;
  }
  block.blanks = 0;
  block.last = line;
  if (match?.role === "error") {
    if (block.details.length < 2) block.details.push(text.trim());
    // A later line of the block (an npm `code` line, a cause) can name the failure more precisely.
    if (match.rank < block.match.rank && match.category !== "unknown") block.match = { ...match, tool: match.tool === "unknown" ? block.match.tool : match.tool };
  }
}

const USAGE = /^[Uu]sage:/;

/** Whether the non-symptom line `text` continues `block`: "last" takes it and closes the block. */
export function continuation(block: OpenBlock, text: string, match: LineMatch | undefined): "yes" | "no" | "last" {
  // A warning's block never takes an error or a symptom: those are read on their own.
  if (block.anchorMatch.role === "warning") {
    if (match !== undefined && match.role !== "warning") return "no";
    // The warnings printed one under another are one report (most hold no error keyword and are not classified).
    if (isLocatedWarning(text)) return "yes";
  }
  if (isBlank(text)) return block.blanks < 1 || (block.kind !== "plain" && block.blanks < 3) ? "yes" : "no";
  if (block.kind === "section") return endsSection(text) ? "no" : "yes";
  if (block.kind === "sanitizer") return sanitizerReportGoesOn(block.lines.findLast((line) => !isBlank(line)) ?? "", text);
  const indent = indentOf(text);
  if (block.kind === "traceback") return tracebackGoesOn(block.lines.findLast((line) => !isBlank(line)) ?? "", text, indent);
  if (block.prefix !== undefined && text.startsWith(block.prefix)) return "yes";
  // A tool's closing line for the same failure (bun's `(fail) name` after its assertion detail).
  if (match?.role === "error" && match.category === "test" && match.patternId === block.anchorMatch.patternId && indent === 0 && block.lines.length > 1) return "last";
  if (isContinuationLine(text) || isLocationLine(text)) return "yes";
  // A command that refuses its arguments or input says why, then prints its usage (getopt's `Usage: x [-a]` and the
  // synopsis indented under it): the usage belongs to that refusal.
  if (block.lines.length === 1 && USAGE.test(text)) return "yes";
  if (indent > block.baseIndent && !isCommandLine(text.trimStart())) return "yes";
  return "no";
}

/**
 * A traceback runs over its frames to the exception line, and on through Python's chained tracebacks (`During
 * handling of the above exception, another exception occurred:`, then the next `Traceback`): one chain is one
 * failure, whose first exception is the cause and last is what was raised.
 */
function tracebackGoesOn(previous: string, text: string, indent: number): "yes" | "no" {
  if (indentOf(previous) === 0 && endsTraceback(previous)) return CHAINED_EXCEPTION.test(text) ? "yes" : "no";
  if (CHAINED_EXCEPTION.test(previous)) return blockKind(text) === "traceback" ? "yes" : "no";
  return indent > 0 || isContinuationLine(text) || endsTraceback(text) ? "yes" : "no";
}

const CHAINED_EXCEPTION = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)/;
