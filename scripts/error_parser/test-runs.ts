// How a test run's report is read: its failures are printed in the order they happened, then summed up,
// so the run's first failure stands for it (the later failures and the summary follow from it).

import { REPORT_GAP_LINES } from "./extent.ts";
import { indentOf, isPassLine } from "./layout.ts";
import type { ExtractedError } from "./extract.ts";

/** Errors this close after a test failure belong to its report (its heading, then its detail). */
const REPORT_BODY_LINES = 10;

/** Causes read as part of a test run: a test failure, or a bare keyword hit among its output. */
export function isTestOutcome(error: ExtractedError): boolean {
  return error.match.category === "test" || error.match.category === "unknown";
}

/**
 * The first failure of the failing step's test run, when it stands for `cause`: `cause` is a test outcome, or
 * an error of another kind printed after that first failure (a later test's connection reset; the run had
 * already failed on the first). Shown by its detailed repeat when the runner prints one. Otherwise `cause`.
 */
export function firstTestFailure(cause: ExtractedError, before: ExtractedError[], stepStart: number | undefined): ExtractedError {
  if (stepStart === undefined) return cause;
  // A bare keyword hit does not outrank a test runner's own report (unless the cause is one too); a passing
  // test's verdict is not a failure, nor is the output indented under it (that test's log).
  const opensFailure = (error: ExtractedError) => (!isBare(error) || isBare(cause)) && !isPassLine(error.lines[0] ?? "") && !underPass(error);
  const first = before.find((error) => error.first > stepStart && error.match.category === "test" && opensFailure(error));
  if (!first || (!isTestOutcome(cause) && first.first > cause.first)) return cause;
  return detailedLater(first, before) ?? failingSubtest(first, before) ?? first;
}

/** Go's verdict on a test; a subtest is named `Parent/sub`. */
const GO_VERDICT = /^(\s*)--- FAIL: (\S+)/;

/**
 * Go prints a parent test's verdict above its subtests' (`--- FAIL: TestA (0.02s)`, then indented `--- PASS:` and
 * `--- FAIL: TestA/sub` lines with the failing subtest's output): the parent failed because the subtest did, so
 * the first failing subtest is the account. Inside the parent's block the range narrows to that subtest's lines.
 */
function failingSubtest(first: ExtractedError, before: ExtractedError[]): ExtractedError | undefined {
  const name = GO_VERDICT.exec(first.lines[0] ?? "")?.[2];
  if (name === undefined) return undefined;
  const isSubtest = (line: string) => GO_VERDICT.exec(line)?.[2]?.startsWith(`${name}/`) === true;
  const index = first.lines.findIndex(isSubtest);
  if (index === -1) {
    // Outside the parent's block, the next error of its report: Go may list the passing siblings first (`--- PASS:
    // TestA/x`), past the block's cap, but another error in between would be that error's account, not this one's.
    const next = before.find((error) => error.first > first.last);
    return next && next.first - first.last <= REPORT_GAP_LINES && isSubtest(next.lines[0] ?? "") ? next : undefined;
  }
  if (first.occurrences > 1) return undefined;
  const indent = indentOf(first.lines[index]!);
  const end = first.lines.findIndex((line, at) => at > index && line.trim() !== "" && indentOf(line) <= indent);
  first.lines = first.lines.slice(index, end === -1 ? undefined : end);
  first.first = first.latestFirst = first.first + index;
  first.last = first.latestLine = first.first + first.lines.length - 1;
  return first;
}

/** Characters of a failure's own text that identify it when the run's closing report repeats it. */
const REPEAT_KEY_CHARS = 60;
const MIN_REPEAT_KEY_CHARS = 20;
/** A source location as test reports print it (`Tests/X.swift:384`, `at Foo.bar(Foo.java:12)`). */
const LOCATION = /[\w-]\.[A-Za-z]\w{0,9}:\d+/;

/**
 * Runners that mark each failure with one line as it happens (xcpretty's `✗ test, reason`, mocha's `1) test`)
 * report it again in detail at the end, with its location and excerpt: that detailed repeat is its account.
 */
function detailedLater(first: ExtractedError, before: ExtractedError[]): ExtractedError | undefined {
  // A failure that names its location is its own detail (the mark may sit under its class's heading).
  if (first.lines.some((line) => LOCATION.test(line))) return undefined;
  const key = first.message.replace(/^[^\p{L}\p{N}_]+/u, "").slice(0, REPEAT_KEY_CHARS);
  if (key.length < MIN_REPEAT_KEY_CHARS) return undefined;
  // A closing list of names (`Failed tests: x`) is not the detail: the detail says where it failed.
  const detail = before.find((error) => error.first > first.last && error.message.includes(key) && error.lines.some((line) => LOCATION.test(line)));
  // It is the same failure, so it keeps the one-line mark's classification (a bare `failed` hit would not).
  if (detail) detail.match = first.match;
  return detail;
}

/** The errors of one test failure's report: its heading and the detail printed right under it. */
export function failureReport(first: ExtractedError, errors: ExtractedError[]): ExtractedError[] {
  return errors.filter((error) => error.first >= first.first && error.first <= first.last + REPORT_BODY_LINES);
}

/** A bare keyword hit (`generic.*`): an error word without a tool's format around it. */
export function isBare(error: ExtractedError): boolean {
  return error.match.patternId.startsWith("generic.");
}

function underPass(error: ExtractedError): boolean {
  const above = error.context.at(-1);
  return above !== undefined && isPassLine(above) && indentOf(error.lines[0] ?? "") > indentOf(above);
}
