// What the scanner looks for in a line before it hands the line to the extractor (scanner.ts LineSink): the
// trigger groups (prefilter keywords, shape literals, success marks, command marks, project literals) and
// what their `found` bits say about a cleaned line.

import { PREFILTER_KEYWORDS, PREFILTER_SHAPE_LITERALS } from "./prefilter.ts";
import { SUPERSET } from "./scanner.ts";

const SUCCESS_MARKS = ["(pass)", "✓", "✔", "√", "PASSED", " PASS ", " ok "];
const COMMAND_MARKS = ["$ ", "##[group]Run "];
/** One search for all the success marks (several `includes` cost more on the many lines that hold none). */
const SUCCESS = new RegExp(SUCCESS_MARKS.map((mark) => mark.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));
/** The trigger groups (see `triggerGroups`): a pushed line's `found` bits say which it holds (see scanner.ts SUPERSET). */
export const KEYWORD_GROUP = 1;
export const SHAPE_GROUP = 2;
export const SUCCESS_GROUP = 4;
const COMMAND_GROUP = 8;
export const PROJECT_GROUP = 16;

/** The literals of each group, in the order of the bits above; project patterns' literals are the last group. */
export function triggerGroups(projectLiterals: readonly string[]): string[][] {
  return [[...PREFILTER_KEYWORDS], [...PREFILTER_SHAPE_LITERALS], SUCCESS_MARKS, COMMAND_MARKS, [...projectLiterals]];
}

/** `\s*$` from lastIndex. */
const SPACE_TO_END = /\s*$/y;

/**
 * Whether the cleaned `text` holds a prefilter keyword, from what the scanner found in `raw`; undefined when that
 * does not tell: its findings are a superset, or cleaning did more than trim the end (removing an ANSI code can
 * join a keyword; no keyword or shape literal ends in white space).
 */
export function keywordIn(raw: string, text: string, found: number): boolean | undefined {
  if ((found & SUPERSET) !== 0 || !raw.startsWith(text)) return undefined;
  SPACE_TO_END.lastIndex = text.length;
  return SPACE_TO_END.test(raw) ? (found & KEYWORD_GROUP) !== 0 : undefined;
}

/** A loop rather than `some` with a closure: this runs on every line given. */
function holdsCommandMark(raw: string): boolean {
  for (const mark of COMMAND_MARKS) if (raw.includes(mark)) return true;
  return false;
}

/** Whether the line marks a success (`found`: see `push`). */
export function holdsSuccess(raw: string, found: number): boolean {
  return (found & SUCCESS_GROUP) !== 0 && ((found & SUPERSET) === 0 || SUCCESS.test(raw));
}

/** Whether the line may hold a command mark (`found`: see `push`). */
export function holdsCommand(raw: string, found: number): boolean {
  return (found & COMMAND_GROUP) !== 0 && ((found & SUPERSET) === 0 || holdsCommandMark(raw));
}
