// How CI tools lay out a multi-line error: which lines continue a block (stack frames, indented detail,
// code excerpts with carets, diff lines, the same tool prefix) and which lines head one (a pytest
// section, a Python traceback, a Rust test's stdout). Pure functions of the cleaned text.

/** Lines that always belong to the error above them. */
const CONTINUATION = /^\s*(?:at |\.\.\. \d+ more|Caused by:|Suppressed:|File "|\^|~~)|^\s*\d+\s*\|(?:[ \t]|$)|^\s*\|(?:\s|$)|^\s*[\^~]+\s*$|^(?:[-+] |-{3} |\+{3} |@@ )|^\s*(?:Expected|Received|Actual|expected|actual|left|right)\b.*:|^Reason: |^Call Stack \(most recent call first\):|^\d+ errors? generated\.$|^During handling of the above exception|^The above exception was the direct cause|^\s*-->|^\s*-{3,} Native stack trace -{3,}|^\s*<--- .* --->$/;

/** A tool prefix repeated on every line of one report (npm, maven, sbt, pytest's `E` and `>` lines). */
const TOOL_PREFIX = /^(?:npm ERR!|npm error|\[ERROR\]|\[error\]|\[FATAL\]|E {2,}|>\s|remote:|hint:|error: {2,})/;

/** Lines that open a section running until the next section or a rule line. */
const SECTION_HEADER = /^_{3,} .+ _{3,}$|^-{4} \S.* -{4}$|^={3,} (?:FAIL|ERROR)\b|^(?:FAIL|ERROR): \w/;
const SECTION_END = /^[=_]{3,}|^-{4} \S.* -{4}$|^-{20,}$/;

/** A sanitizer's report header (`==16577==ERROR: AddressSanitizer: SEGV`, LeakSanitizer, ThreadSanitizer). */
const SANITIZER_HEADER = /==\d+==ERROR: \w*Sanitizer/;

export type BlockKind = "plain" | "section" | "traceback" | "sanitizer";

export function indentOf(text: string): number {
  const match = /^[ \t]*/.exec(text)!;
  return match[0].replace(/\t/g, "    ").length;
}

export function isBlank(text: string): boolean {
  return text.trim() === "";
}

export function blockKind(text: string): BlockKind {
  if (/^Traceback \(most recent call last\):/.test(text)) return "traceback";
  if (isSanitizerReport(text)) return "sanitizer";
  if (SECTION_HEADER.test(text)) return "section";
  return "plain";
}

/** The first line of a sanitizer's report; the sanitizer aborts the process it reports on. */
export function isSanitizerReport(text: string): boolean {
  return SANITIZER_HEADER.test(text);
}

/**
 * Whether a sanitizer's report goes on after `previous`: it runs (frames, shadow bytes, a blank line between its
 * parts) to `SUMMARY: AddressSanitizer: ...` and the `==PID==ABORTING` right after it.
 */
export function sanitizerReportGoesOn(previous: string, text: string): "yes" | "no" | "last" {
  if (/==\d+==ABORTING/.test(text)) return "last";
  return /SUMMARY: \w*Sanitizer/.test(previous) ? "no" : "yes";
}

/** A compiler's or linter's warning at a source location (`src/x.hs:94:10: Warning:`, `x.swift:1:2: warning: ...`). */
export function isLocatedWarning(text: string): boolean {
  return /^\S+:\d+(?::\d+)?:? [Ww]arning\b/.test(text);
}

/** A caret or tilde line pointing into the code excerpt above it. */
export function isCaretLine(text: string): boolean {
  return /^\s*[\^~]+\s*$/.test(text);
}

export function isContinuationLine(text: string): boolean {
  return CONTINUATION.test(text);
}

/**
 * A line that is only a source location (`/home/travis/build/x/tests/FooTest.php:318`): a frame of the trace a
 * test runner prints under a failure's message (PHPUnit lists one per line after a blank line).
 */
export function isLocationLine(text: string): boolean {
  return /^\s*[\w@~./\\-]+\.[A-Za-z]\w{0,9}:\d+\s*$/.test(text);
}

export function toolPrefix(text: string): string | undefined {
  return TOOL_PREFIX.exec(text)?.[0].trim();
}

export function endsSection(text: string): boolean {
  return SECTION_END.test(text);
}

/** A line a CI runner printed about a command, never part of an error. */
export function isCommandLine(text: string): boolean {
  return /^(?:\$ |\+ |> \S+@\S+ |Run |##\[|travis_|Step \d+\/\d+ :|#\d+ \[)/.test(text);
}

/** A test runner's verdict that a test passed (go's `--- PASS:`, TAP's `ok 3`, `✓ name`, Pester's `[+] name`). */
export function isPassLine(text: string): boolean {
  return /^\s*(?:--- PASS: |ok \d|[✓✔√] |\[\+\] )|\bPASSED\b|\(pass\)/.test(text);
}

/** What a Python traceback ends with: `ValueError: x` (not indented). */
export function endsTraceback(text: string): boolean {
  return /^[\w.]+(?:Error|Exception|Exit|Interrupt|Warning)\b/.test(text) || /^\w+(?:\.\w+)*: /.test(text);
}

/**
 * A line printed right above an error that says where the error belongs, so it is part of it: a linter's
 * per-file heading (a bare path, the problems indented or not below it) or a C/C++ toolchain's
 * `x.c: In function 'f':` / `x.o: In function `f':` above the compiler's or linker's error.
 */
export function headsError(text: string): boolean {
  const line = text.trim();
  return /^[\w@~./\\-]+\.[A-Za-z][\w]{0,9}$/.test(line) || /: In (?:member |static |constructor |destructor )?(?:function|instantiation) .*:$/.test(line);
}
