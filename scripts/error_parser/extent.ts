// How far the primary error's range reaches: a report heading covers the report under it, a heading line
// above the error and a tool's closing verdict below it belong to it, and so does the output up to the failure.

import { headsError, toolPrefix } from "./layout.ts";
import type { ExtractedError, Symptom } from "./extract.ts";

/** Errors of one failure report follow each other with at most this many lines between them. */
export const REPORT_GAP_LINES = 100;
/** Errors this close to each other are read as one failure. */
export const CLUSTER_GAP_LINES = 10;
/** The longest stretch of output between the primary error and the failure that is counted as its own. */
const EXTEND_TO_FAILURE_LINES = 40;
/** The symptom pattern of a tool's verdict on the task that failed (config/errors.yaml). */
const TASK_VERDICT = "summary.task-failed";

/**
 * A cause of one line is often a report's heading (pytest's `=== FAILURES ===`, rspec's `Failures:`): the
 * errors printed right after it, up to the failure, are the report's body, so its range covers them. A heading
 * that announces a list (`There were 5 errors:`) covers the list even when its items hold no error keyword:
 * up to the next error of the report (the runner's verdict), unless a command or a success line comes first.
 * Lines taken before the matched line (a heading, frames, a code excerpt) do not make it more than one line.
 */
export function coverReport(cause: ExtractedError, errors: ExtractedError[], failure: Symptom, boundaries: number[] = []): void {
  if (cause.last > cause.first && !endsAtMessage(cause)) return;
  const announcesList = [cause.lines[0] ?? "", cause.message].some((text) => text.trimEnd().endsWith(":"));
  for (const error of errors) {
    if (error.first <= cause.first || error.first >= failure.line) continue;
    if (error.first > cause.last + CLUSTER_GAP_LINES) {
      const interrupted = boundaries.some((line) => line > cause.last && line < error.first);
      if (announcesList && error.first - cause.last <= REPORT_GAP_LINES && !interrupted) cause.last = error.first - 1;
      return;
    }
    cause.last = Math.max(cause.last, Math.min(error.last, failure.line - 1));
  }
}

/**
 * Whether the block ends at its matched line: what it holds besides is what was printed above that line (a
 * linter's last word before the next check's message, a traceback's frames), so no detail of its own follows.
 */
function endsAtMessage(error: ExtractedError): boolean {
  return error.lines.findLast((line) => line.trim() !== "")?.trim() === error.message;
}

/**
 * A tool that prefixes every line of its report (sbt's `[error]`) ends it with its verdict on the failed task
 * (`[error] (compile) Compilation failed`, `[error] Total time: 5 s`): under the same prefix it closes the
 * report, so the range runs through it. Boilerplate symptoms (npm's `A complete log of this run`) do not.
 */
export function closeReport(error: ExtractedError, symptoms: Symptom[]): void {
  const prefix = toolPrefix(error.lines.at(-1) ?? "");
  if (!prefix) return;
  for (const symptom of symptoms) {
    if (symptom.line !== error.last + 1) continue;
    if (symptom.match.patternId !== TASK_VERDICT || toolPrefix(symptom.text) !== prefix) return;
    error.last = symptom.line;
  }
}

/**
 * A report whose messages are printed again right after it (erlc lists `field tags undefined in record vhost` for
 * each use of the field) runs on through those repeats, up to the failure: the repeats are the same report, as a
 * run of the cause's own repeats is (see `runLast`). A test failure's text printed again is another test failing.
 */
export function coverRuns(cause: ExtractedError, errors: ExtractedError[], failure: Symptom): void {
  for (const error of errors) {
    if (error.first < cause.first || error.first > cause.last || error.match.category === "test") continue;
    const run = error.runLast ?? error.last;
    if (run > cause.last && run - cause.last <= CLUSTER_GAP_LINES && run < failure.line) cause.last = run;
  }
}

/** The line right above the error's first occurrence, when it says where the error belongs (see `headsError`). */
export function takeHeading(error: ExtractedError): void {
  if (error.first === error.latestFirst && headsError(error.context.at(-1) ?? "")) error.first--;
}

/**
 * What a tool prints between its error and the step's end (the rest of a report, the diff, the failing test's
 * name) belongs to that error, so a close enough primary error's range runs up to the failure line, stopping
 * at the next command or success line.
 */
export function extendToFailure(error: ExtractedError, failure: Symptom, boundaries: number[]): void {
  const gap = failure.line - error.last;
  if (gap <= 1 || gap > EXTEND_TO_FAILURE_LINES || error.last < error.latestLine) return;
  const stop = Math.min(failure.line, ...boundaries.filter((line) => line > error.last));
  error.last = Math.max(error.last, stop - 1);
}
