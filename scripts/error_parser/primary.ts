// Which error made the job fail (the taxonomy's "one log, several errors"): the error nearest the
// failure point that is not a warning or symptom. When no pattern explains the failure, the output
// just before the failure point is reported as `unknown`, so a reader still sees where to look.

import { fingerprint } from "./fingerprint.ts";
import { isBlank, isCommandLine } from "./layout.ts";
import { CLUSTER_GAP_LINES, closeReport, coverReport, extendToFailure, REPORT_GAP_LINES, takeHeading } from "./extent.ts";
import { failureReport, firstTestFailure, isTestOutcome } from "./test-runs.ts";
import type { ExtractedError, Extraction, Symptom } from "./extract.ts";
import type { LineMatch } from "./classifier.ts";

/** Lines shown for an unexplained failure: the last few of output before the failure point. */
const UNKNOWN_TAIL_LINES = 16;
/** A closing paragraph this short is read as a footnote to the paragraph above it. */
const UNKNOWN_PARAGRAPH_LINES = 3;

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

const UNKNOWN_MATCH: LineMatch = { patternId: "heuristic.failure-tail", category: "unknown", severity: "medium", tool: "unknown", role: "error", rank: Number.MAX_SAFE_INTEGER };

export function choosePrimary(extraction: Extraction): PrimaryChoice {
  const found = [...extraction.errors].sort((a, b) => a.first - b.first);
  const failure = failurePoint(extraction.symptoms, found);
  if (!failure) {
    if (!found.length) return { errors: found, primary: null };
    // No failure line (a truncated log, an excerpt): the log's end is where the step stopped.
    const end: Symptom = { line: extraction.lines + 1, match: UNKNOWN_MATCH, text: "", before: [] };
    const candidates = preferSpecific(found, end);
    const cause = firstInStep(candidates, lastBefore(extraction.commands, end.line), end) ?? mostCausal(candidates, end);
    coverReport(cause, found, end);
    takeHeading(cause);
    return fromReport(found, cause);
  }
  // A bare keyword hit far from the failure ("License Exception TSU" in a banner) is noise, not an error.
  const errors = found.filter((error) => error.match.category !== "unknown" || Math.abs(error.first - failure.line) <= GENERIC_REPORT_LINES);
  const before = errors.filter((error) => error.first < failure.line);
  // Some tools print their verdict first and the reason below it (gradle's `FAILURE: Build failed`), though
  // never in the next step (Travis's after_failure, a cleanup step).
  const nextStep = extraction.commands.find((line) => line > failure.line) ?? Infinity;
  const after = errors.filter((error) => error.first > failure.line && error.first - failure.line <= AFTER_FAILURE_LINES && error.first < nextStep);
  const stepStart = lastBefore(extraction.commands, failure.line);
  const nearest = before.length ? firstInStep(preferSpecific(before, failure), stepStart, failure) : undefined;
  const first = nearest && firstTestFailure(nearest, before, stepStart);
  // An error of another kind inside a test run's report is told by the run's first failure, with the most causal
  // error that failure's own detail names (a test failing on `ConnectionError` is a network failure).
  const cause = first && first !== nearest && !isTestOutcome(nearest!) ? mostCausal(failureReport(first, errors), undefined, "earliest") : first;
  if (!cause && after.length) return reported(errors, mostCausal(after, undefined), extraction);
  if (cause && !tooFar(cause, failure, stepStart)) {
    // A repeated error is shown where it last occurred before the failure (MSBuild repeats errors in its summary),
    // and a run of repeats printed together (a linter's lines of one rule) is shown whole. A test failure stays
    // where it first occurred: a run's later failures that print the same text (minitest's `Error:` heading) are
    // other tests failing, and the first one stands for the run.
    if (cause === nearest && cause.match.category !== "test" && cause.latestLine < failure.line && cause.latestFirst > cause.first) {
      if (cause.latestFirst - cause.last <= CLUSTER_GAP_LINES) cause.last = cause.latestLine;
      else [cause.first, cause.last] = [cause.latestFirst, cause.latestLine];
    }
    const boundaries = [...extraction.commands, ...extraction.successes];
    coverReport(cause, errors, failure, boundaries);
    extendToFailure(cause, failure, boundaries);
    closeReport(cause, extraction.symptoms);
    takeHeading(cause);
    return reported(errors, cause, extraction);
  }
  const unexplained = tailBefore(failure, stepStart);
  const primary = errors.find((error) => error.first <= unexplained.last && error.last >= unexplained.first) ?? unexplained;
  if (primary === unexplained) errors.push(unexplained);
  return reported(errors, primary, extraction);
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
  const byNearness = [...inStep].sort((a, b) => nearestLine(b, failure) - nearestLine(a, failure));
  let first = byNearness[0]!;
  for (const error of byNearness.slice(1)) {
    // A test runner's failures can lie far apart in its output, but one tool's format ties them into one report.
    if (first.first - error.last > REPORT_GAP_LINES && error.match.patternId !== first.match.patternId) break;
    if (error.first < first.first) first = error;
  }
  const report = inStep.filter((error) => error.first >= first.first && error.first <= first.last + CLUSTER_GAP_LINES);
  return mostCausal(report, undefined, "earliest");
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
  const specific = candidates.filter((error) => !error.match.patternId.startsWith("generic.") && failure.line - error.last <= SPECIFIC_REACH_LINES);
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
  let start = byNearness[0]!.first;
  for (const error of byNearness.slice(1)) {
    if (error.last < start - CLUSTER_GAP_LINES) break;
    cluster.push(error);
    start = Math.min(start, error.first);
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

/** The last line of the occurrence closest before the failure (or the latest one when there is none). */
function nearestLine(error: ExtractedError, failure: Symptom | undefined): number {
  if (!failure) return error.latestLine;
  return error.latestLine < failure.line ? error.latestLine : error.last;
}

function tailBefore(symptom: Symptom, stepStart: number | undefined): ExtractedError {
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
