// What stands for a failure that no error explains: the warnings of a tool that failed on them, or else the
// last lines of output before the failure point, reported as `unknown` so a reader still sees where to look;
// and what explains such a failure after all: the retry warnings the tool printed before it gave up.

import { fingerprint } from "./fingerprint.ts";
import { isBlank, isCommandLine } from "./layout.ts";
import type { ExtractedError, Symptom } from "./extract.ts";
import type { LineMatch } from "./classifier.ts";

/** Lines shown for an unexplained failure: the last few of output before the failure point. */
const UNKNOWN_TAIL_LINES = 16;
/** A closing paragraph this short is read as a footnote to the paragraph above it. */
const UNKNOWN_PARAGRAPH_LINES = 3;

/**
 * A tool that gives up after its retries says so at once: its last retry warning is followed within this many lines
 * by the step's end or by the error it then prints (the runner's `Back off 27 seconds before retry.` comes between).
 */
const GAVE_UP_LINES = 2;

/** Warnings a tool failed on: the code is rejected as by a linter (the taxonomy's `syntax`). */
const FAILING_WARNINGS_MATCH: LineMatch = { patternId: "heuristic.failing-warnings", category: "syntax", severity: "high", retry: false, tool: "unknown", role: "error", rank: Number.MAX_SAFE_INTEGER };
export const UNKNOWN_MATCH: LineMatch = { patternId: "heuristic.failure-tail", category: "unknown", severity: "medium", tool: "unknown", role: "error", rank: Number.MAX_SAFE_INTEGER };

/**
 * When no error explains the failing step, a tool failed on its own warnings (`-Werror`, swiftlint `--strict`,
 * `--max-warnings 0`): its first run of located warnings in the step says what to fix.
 */
export function warningsFailedOn(warnings: ExtractedError[], stepStart: number | undefined, failure: Symptom): ExtractedError | undefined {
  if (stepStart === undefined) return undefined;
  const run = warnings.find((warning) => warning.first > stepStart && warning.last < failure.line);
  return run && { ...run, match: FAILING_WARNINGS_MATCH };
}

/**
 * When nothing names a failure's cause, the retry warnings of the failing step may: pip, npm, maven, podman and the
 * Actions runner warn on each failed attempt (`Retrying (...) after connection broken by 'ReadTimeoutError'`,
 * `Failed to download action ... 503`) and, out of retries, print only a bare `ERROR: Exception:` or nothing. The
 * warnings stand for the cause only when the tool gave up right after them (see GAVE_UP_LINES), with no success line
 * or classified error after them: a retry that succeeded lets the output go on to other things, so a later failure
 * is not its doing. The result covers the warnings and the unexplained report when they touch.
 */
export function warnedCause(causeWarnings: ExtractedError[], unexplained: ExtractedError | undefined, errors: ExtractedError[], step: { start: number | undefined; end: number; successes: number[] }): ExtractedError | undefined {
  const run = causeWarnings.findLast((warning) => warning.last < step.end);
  if (!run || (step.start !== undefined && run.first <= step.start)) return undefined;
  // The last lines of output (UNKNOWN_MATCH) are no error the tool printed: only the step's end counts then.
  const report = unexplained?.match === UNKNOWN_MATCH ? undefined : unexplained;
  const reportFollows = report !== undefined && report.first <= run.last + 1 && report.last >= run.last;
  if (!reportFollows && step.end - run.last > GAVE_UP_LINES) return undefined;
  const after = (line: number) => line > run.last && line < step.end;
  if (step.successes.some(after) || errors.some((error) => error.match.category !== "unknown" && after(error.first))) return undefined;
  const touches = unexplained !== undefined && unexplained.first <= run.last + 1 && unexplained.last >= run.first - 1;
  const parts = touches ? [run, unexplained] : [run];
  const first = Math.min(...parts.map((part) => part.first));
  const last = Math.max(...parts.map((part) => part.last));
  // The parts overlap or adjoin, so each line of the range is one of theirs.
  const lines = Array.from({ length: last - first + 1 }, (_, i) => parts.map((part) => part.lines[first + i - part.first]).find((text) => text !== undefined) ?? "");
  const context = touches && unexplained.first === first ? unexplained.context : run.context;
  return { match: run.match, message: run.message, fingerprint: fingerprint(run.message), first, last, lines, context, occurrences: 1, latestFirst: first, latestLine: last };
}

export function tailBefore(symptom: Symptom, stepStart: number | undefined): ExtractedError {
  // The last lines of output before the failure, up to the step's command line: a short closing paragraph
  // ("Try to reduce size") often follows the one that says what failed, so one blank line does not stop it.
  const tail: { line: number; text: string }[] = [];
  let blanks = 0;
  // A Travis command of several lines is echoed in its exit line: the output ends where that echo starts.
  const echo = symptom.text.startsWith('"') ? symptom.before.findLast((entry) => entry.text.includes('The command "')) : undefined;
  const end = echo?.line ?? symptom.line;
  for (let i = symptom.before.length - 1; i >= 0 && tail.length < UNKNOWN_TAIL_LINES; i--) {
    const entry = symptom.before[i]!;
    if (entry.line >= end) continue;
    if (tail.length && entry.line !== tail[0]!.line - 1) break;
    if (isBlank(entry.text)) {
      if (tail.length && (++blanks > 1 || tail.length > UNKNOWN_PARAGRAPH_LINES)) break;
      if (tail.length) tail.unshift(entry);
      continue;
    }
    // `Run x` heads a step only where the runner printed it (it is then in the step list); elsewhere it is output.
    const text = entry.text.trimStart();
    if (entry.line <= (stepStart ?? 0) || (isCommandLine(text) && !text.startsWith("Run "))) break;
    tail.unshift(entry);
  }
  while (tail.length && isBlank(tail[0]!.text)) tail.shift();
  const lines = tail.length ? tail : [{ line: symptom.line, text: symptom.text }];
  const message = lines[lines.length - 1]!.text.trim();
  return {
    match: UNKNOWN_MATCH,
    message,
    fingerprint: fingerprint(message),
    first: lines[0]!.line,
    last: lines[lines.length - 1]!.line,
    lines: lines.map((entry) => entry.text),
    context: [],
    occurrences: 1,
    latestFirst: lines[0]!.line,
    latestLine: lines[lines.length - 1]!.line,
  };
}
