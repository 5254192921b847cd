// Which error made the job fail (the taxonomy's "one log, several errors"): the error nearest the
// failure point that is not a warning or symptom. When no pattern explains the failure, unexplained.ts
// says what stands for it, or which retry warnings name its cause.

import { isSanitizerReport } from "./layout.ts";
import { CLUSTER_GAP_LINES, closeReport, coverReport, coverRuns, extendToFailure, REPORT_GAP_LINES, takeHeading } from "./extent.ts";
import { failureReport, firstTestFailure, isBare, isTestOutcome } from "./test-runs.ts";
import type { ExtractedError, Extraction, Symptom } from "./extract.ts";
import { tailBefore, UNKNOWN_MATCH, warnedCause, warningsFailedOn } from "./unexplained.ts";

export interface PrimaryChoice {
  errors: ExtractedError[];
  primary: number | null;
}

/** Generic keyword hits are reported only this close to the failure point. */
const GENERIC_REPORT_LINES = 100;
/** How far before the failure a generic hit, or a classified error, may lie and still be its cause. */
const GENERIC_NEAR_LINES = 15;
const FAR_LINES = 2000;
/** How far before the failure a specific error still outranks the generic hits after it. */
const SPECIFIC_REACH_LINES = 1000;
/** How far after a verdict line its reason may follow. */
const AFTER_FAILURE_LINES = 30;
/** Which category explains the others when several errors are printed together (unknown explains nothing). */
const CAUSAL_ORDER = ["system", "timeout", "network", "permission", "dependency", "configuration", "syntax", "test", "runtime", "unknown"];

export function choosePrimary(extraction: Extraction): PrimaryChoice {
  const found = [...extraction.errors].sort((a, b) => a.first - b.first);
  const failure = failurePoint(extraction.symptoms, found);
  if (!failure) {
    // No failure line (a truncated log, an excerpt): the log's end is where the step stopped.
    const end: Symptom = { line: extraction.lines + 1, match: UNKNOWN_MATCH, text: "", before: [] };
    const endStep = lastBefore(extraction.commands, end.line);
    if (!found.length) {
      const warned = orWarnedCause(found, undefined, extraction, end, endStep);
      return warned ? fromReport(found, warned) : { errors: found, primary: null };
    }
    const candidates = preferSpecific(found, end);
    const cause = firstInStep(candidates, endStep, end) ?? mostCausal(candidates, end);
    coverReport(cause, found, end);
    coverRuns(cause, found, end);
    takeHeading(cause);
    return fromReport(found, orWarnedCause(found, cause, extraction, end, endStep));
  }
  // A bare keyword hit far from the failure ("License Exception TSU" in a banner) is noise, not an error.
  const errors = found.filter((error) => error.match.category !== "unknown" || Math.abs(error.first - failure.line) <= GENERIC_REPORT_LINES);
  const before = errors.filter((error) => error.first < failure.line);
  // Some tools print their verdict first and the reason below it (gradle's `FAILURE: Build failed`), though
  // never in the next step (Travis's after_failure, a cleanup step).
  const nextStep = extraction.commands.find((line) => line > failure.line) ?? Infinity;
  // A bare keyword hit there is one more verdict (`*** Failed ***` after make's `*** [x] Error 1`), not a reason.
  const after = errors.filter((error) => error.first > failure.line && error.first - failure.line <= AFTER_FAILURE_LINES && error.first < nextStep && !isBare(error));
  const stepStart = lastBefore(extraction.commands, failure.line);
  const nearest = before.length ? firstInStep(preferSpecific(before, failure), stepStart, failure) : undefined;
  const first = nearest && firstTestFailure(nearest, before, stepStart);
  // An error of another kind inside a test run's report is told by the run's first failure, with the most causal
  // error that failure's own detail names (a test failing on `ConnectionError` is a network failure).
  const reportCause = first && first !== nearest && !isTestOutcome(nearest!) ? mostCausal(failureReport(first, errors), undefined, "earliest") : first;
  const cause = reportCause && (crashBefore(reportCause, before, stepStart) ?? reportCause);
  // A bare keyword hit says less than a tool's own error: when a wrapper prints its verdict before the tool's output
  // (flutter's `Failed to build iOS app`, then `** BUILD FAILED **`, then Xcode's output with swiftc's `error:`), the
  // tool's error after the failure line is the reason.
  if ((!cause || isBare(cause)) && after.length) return reported(errors, orWarnedCause(errors, mostCausal(after, undefined), extraction, failure, stepStart), extraction);
  if (cause && !tooFar(cause, failure, stepStart)) {
    // A repeated error is shown where it last occurred before the failure (MSBuild repeats errors in its summary),
    // and a run of repeats printed together (a linter's lines of one rule) is shown whole. A test failure stays
    // where it first occurred: a run's later failures that print the same text (minitest's `Error:` heading) are
    // other tests failing, and the first one stands for the run. A repeat after a retry is the same command run
    // again (`travis_retry`): its first attempt stands for it.
    if (cause === nearest && cause.match.category !== "test" && cause.latestLine < failure.line && cause.latestFirst > cause.first && !retried(cause, extraction.retries)) {
      if (cause.latestFirst - cause.last <= CLUSTER_GAP_LINES) cause.last = cause.latestLine;
      else [cause.first, cause.last] = [cause.latestFirst, cause.latestLine];
    }
    const boundaries = [...extraction.commands, ...extraction.successes];
    coverReport(cause, errors, failure, boundaries);
    coverRuns(cause, errors, failure);
    extendToFailure(cause, failure, boundaries);
    closeReport(cause, extraction.symptoms);
    takeHeading(cause);
    return reported(errors, orWarnedCause(errors, cause, extraction, failure, stepStart), extraction);
  }
  const unexplained = warningsFailedOn(extraction.warnings, stepStart, failure) ?? tailBefore(failure, stepStart);
  const primary = errors.find((error) => error.first <= unexplained.last && error.last >= unexplained.first) ?? unexplained;
  if (primary === unexplained) errors.push(unexplained);
  return reported(errors, orWarnedCause(errors, primary, extraction, failure, stepStart), extraction);
}

/**
 * A primary error of category unknown (or none) gives way to the retry warnings that name the failure's cause (see
 * `warnedCause`), which take its place in `errors` when they cover it.
 */
function orWarnedCause<T extends ExtractedError | undefined>(errors: ExtractedError[], primary: T, extraction: Extraction, failure: Symptom, stepStart: number | undefined): ExtractedError | T {
  if (primary && primary.match.category !== "unknown") return primary;
  const warned = warnedCause(extraction.causeWarnings, primary, errors, { start: stepStart, end: failure.line, successes: extraction.successes });
  if (!warned) return primary;
  const covered = primary && warned.first <= primary.first && warned.last >= primary.last;
  if (covered) errors[errors.indexOf(primary)] = warned;
  else errors.push(warned);
  return warned;
}

/**
 * The errors worth reporting beside the primary one: those of steps that failed, from the primary's report on.
 * An error in a step that went on to succeed (a retried download, a probe for an optional tool) did not fail
 * the job, nor did one printed well before the primary's report: the step went on past it.
 */
function reported(errors: ExtractedError[], primary: ExtractedError, extraction: Extraction): PrimaryChoice {
  const failedStep = (error: ExtractedError) => {
    const start = lastBefore(extraction.commands, error.first) ?? 0;
    const end = extraction.commands.find((line) => line > error.first) ?? Infinity;
    return extraction.symptoms.some((symptom) => symptom.line > start && symptom.line < end);
  };
  return fromReport(errors.filter((error) => error === primary || failedStep(error)), primary);
}

function fromReport(errors: ExtractedError[], primary: ExtractedError): PrimaryChoice {
  const kept = errors.filter((error) => error === primary || error.last >= primary.first - REPORT_GAP_LINES).sort((a, b) => a.first - b.first);
  return { errors: kept, primary: kept.indexOf(primary) };
}

/**
 * Within the failing step the first error is the cause and later ones are its consequences (a compiler's
 * follow-on errors, a test summary); without a step boundary, the error nearest the failure.
 */
function firstInStep(candidates: ExtractedError[], stepStart: number | undefined, failure: Symptom): ExtractedError | undefined {
  // An error of an earlier step did not end this one (that step went on, or the job would have stopped there).
  const inStep = stepStart === undefined ? candidates : candidates.filter((error) => error.first > stepStart);
  if (!inStep.length) return undefined;
  // Walk back from the error nearest the failure through errors printed close together: the failure's report.
  // Each error stands where it occurred nearest the failure (see `nearest`).
  const byNearness = [...inStep].sort((a, b) => nearestLine(b, failure) - nearestLine(a, failure));
  let first = byNearness[0]!;
  let [start, end] = nearest(first, failure);
  for (const error of byNearness.slice(1)) {
    const [errorStart, errorEnd] = nearest(error, failure);
    // A test runner's failures can lie far apart in its output, but one tool's format ties them into one report.
    if (start - errorEnd > REPORT_GAP_LINES && error.match.patternId !== first.match.patternId) break;
    if (errorStart < start) [first, start, end] = [error, errorStart, errorEnd];
  }
  const report = inStep.filter((error) => {
    const [errorStart] = nearest(error, failure);
    return errorStart >= start && errorStart <= end + CLUSTER_GAP_LINES;
  });
  return mostCausal(report, failure, "earliest");
}

/**
 * A sanitizer's report in the failing step before its cause: the sanitizer aborts the process it reports on,
 * so the test run's failures and verdicts printed after it (a harness's summary, a build tool's exit) follow
 * from that crash.
 */
function crashBefore(cause: ExtractedError, before: ExtractedError[], stepStart: number | undefined): ExtractedError | undefined {
  if (stepStart === undefined) return undefined;
  return before.find((error) => error.first > stepStart && error.first < cause.first && isSanitizerReport(error.lines[0] ?? ""));
}

/** Whether a retry of the failed command was announced between the error's first and latest occurrence. */
function retried(error: ExtractedError, retries: number[]): boolean {
  return retries.some((line) => line > error.first && line < error.latestFirst);
}

function lastBefore(lines: number[], limit: number): number | undefined {
  let found: number | undefined;
  for (const line of lines) if (line < limit) found = line;
  return found;
}

/**
 * A tool's own error format says more than a bare keyword: when a specific pattern matched within reach of
 * the failure, verdict lines after it (`FAILED TEST SUMMARY`, `# fail 4`) do not displace it.
 */
function preferSpecific(candidates: ExtractedError[], failure: Symptom): ExtractedError[] {
  const specific = candidates.filter((error) => !error.match.patternId.startsWith("generic.") && failure.line - nearestLine(error, failure) <= SPECIFIC_REACH_LINES);
  return specific.length ? specific : candidates;
}

/**
 * A bare keyword hit this far before the failure did not end the step, nor did a tool's error this far away
 * unless the failing step started before it (a test runner's report is printed long before its exit).
 */
function tooFar(error: ExtractedError, failure: Symptom, stepStart: number | undefined): boolean {
  const gap = failure.line - Math.min(error.latestLine, failure.line);
  if (error.match.category === "unknown") return gap > GENERIC_NEAR_LINES;
  return gap > FAR_LINES && stepStart === undefined;
}

/**
 * The nearest error decides unless errors printed right before it say why it happened: a crash after
 * `heap out of memory`, a test failing after `ECONNREFUSED`. Among adjacent errors the more causal
 * category wins.
 */
function mostCausal(candidates: ExtractedError[], failure: Symptom | undefined, ties: "nearest" | "earliest" = "nearest"): ExtractedError {
  const byNearness = [...candidates].sort((a, b) => nearestLine(b, failure) - nearestLine(a, failure));
  const cluster = [byNearness[0]!];
  let start = nearest(byNearness[0]!, failure)[0];
  for (const error of byNearness.slice(1)) {
    const [first, last] = nearest(error, failure);
    if (last < start - CLUSTER_GAP_LINES) break;
    cluster.push(error);
    start = Math.min(start, first);
  }
  const rank = (error: ExtractedError) => {
    const index = CAUSAL_ORDER.indexOf(error.match.category);
    return index === -1 ? CAUSAL_ORDER.length - 1 : index;
  };
  // In one report the first of equally causal errors says what failed: a heading or keyword hit comes before its
  // echoes (`Exporting failed.`), and a tool's first failure before the ones that follow from it.
  const echoes = (error: ExtractedError, best: ExtractedError) => ties === "earliest" && error.first < best.first;
  const better = (error: ExtractedError, best: ExtractedError) => rank(error) < rank(best) || (rank(error) === rank(best) && echoes(error, best));
  return cluster.reduce((best, error) => (better(error, best) ? error : best));
}

/** The first symptom with an error or output before it: where the failing step ended. */
function failurePoint(symptoms: Symptom[], errors: ExtractedError[]): Symptom | undefined {
  const first = symptoms[0];
  if (!first) return undefined;
  return symptoms.find((symptom) => errors.some((error) => error.first < symptom.line)) ?? first;
}

/**
 * The lines of the occurrence closest before the failure, by which an error's distance to the failure and to other
 * errors is measured: a runner that sums up its failures at the end (busted's `9 errors, listed below`, pytest's
 * repeated tracebacks) prints them again there, far below where they first appeared.
 */
function nearest(error: ExtractedError, failure: Symptom | undefined): [number, number] {
  return failure && error.latestLine < failure.line ? [error.latestFirst, error.latestLine] : [error.first, error.last];
}

/** The last line of the occurrence closest before the failure (or the latest one when there is none). */
function nearestLine(error: ExtractedError, failure: Symptom | undefined): number {
  if (!failure) return error.latestLine;
  return error.latestLine < failure.line ? error.latestLine : error.last;
}
