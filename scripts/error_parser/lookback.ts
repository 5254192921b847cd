// The lines printed before a matched error line that belong to it: the frames of a traceback printed before
// its exception line, the code excerpt and caret a compiler prints above `error:`, the heading of an indented
// failure detail (mocha's `1) test name:` above `AssertionError`).

import { indentOf, isBlank, isCaretLine, isCommandLine, isContinuationLine, isLocatedWarning, isPassLine } from "./layout.ts";

export interface NumberedLine {
  line: number;
  text: string;
}

const LOOKBACK_LINES = 40;
/** Node prints `path/file.js:31` above the code excerpt of a SyntaxError. */
const LOCATION_HEADER = /^\S+:\d+$/;
/**
 * A numbered failure heading (`1) Class::testName`, JUnit's `1) testFoo(FooTest)`): test runners print it right
 * above the failure's detail, at the detail's indent or less, and it names the test that failed.
 */
const NUMBERED_FAILURE = /^\s*\d+\) \S/;

/**
 * `recent` yields the lines before the error, nearest first, and stops at the end of the previous block.
 * The error's own block never reaches back past a blank line pair or a command line.
 */
export function linesBefore(recent: Iterable<NumberedLine>, line: number, text: string): NumberedLine[] {
  const taken: NumberedLine[] = [];
  const anchorIndent = indentOf(text);
  for (const entry of recent) {
    if (taken.length >= LOOKBACK_LINES || entry.line !== line - taken.length - 1) break;
    const previous = entry.text;
    if (isBlank(previous)) {
      if (taken.length && isBlank(taken[0]!.text)) break;
      taken.unshift(entry);
      continue;
    }
    // A passing test's verdict ends its own output; it never heads the failure detail below it.
    if (isCommandLine(previous.trimStart()) || isPassLine(previous)) break;
    const indent = indentOf(previous);
    // The code excerpt above a caret, whatever its indent (python's `    x = [1,`, node's code line).
    const excerpt = taken.length > 0 && isCaretLine(taken[0]!.text);
    if (excerpt || isContinuationLine(previous) || (anchorIndent > 0 && indent >= anchorIndent)) {
      taken.unshift(entry);
      continue;
    }
    const numbered = taken.length === 0 && indent <= anchorIndent && NUMBERED_FAILURE.test(previous);
    if (/^Traceback \(most recent call last\):/.test(previous) || (anchorIndent > 0 && indent < anchorIndent) || (taken.length > 1 && LOCATION_HEADER.test(previous)) || numbered) {
      taken.unshift(entry);
    }
    break;
  }
  while (taken.length && isBlank(taken[0]!.text)) taken.shift();
  // Only a run that reaches a heading or holds frames is the error's own; stray indented output is not.
  const ownsIt = taken.some((entry) => isContinuationLine(entry.text)) || (taken.length > 0 && (indentOf(taken[0]!.text) < anchorIndent || NUMBERED_FAILURE.test(taken[0]!.text)));
  return ownsIt ? taken : [];
}

/**
 * A compiler's verdict that it failed on its warnings (GHC's `Failing due to -Werror.`) is told by the warnings
 * printed above it: its block reaches back to the first located warning among the recent lines of its step.
 */
export function warningsBefore(recent: Iterable<NumberedLine>, line: number): NumberedLine[] {
  const nearestFirst: NumberedLine[] = [];
  let reach = 0;
  for (const entry of recent) {
    if (nearestFirst.length >= LOOKBACK_LINES || entry.line !== line - nearestFirst.length - 1 || isCommandLine(entry.text.trimStart())) break;
    nearestFirst.push(entry);
    if (isLocatedWarning(entry.text)) reach = nearestFirst.length;
  }
  return nearestFirst.slice(0, reach).reverse();
}
