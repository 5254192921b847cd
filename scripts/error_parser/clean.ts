// Turns a raw CI log line into the text a reader sees: the prefixes a CI system or container runner puts
// before each line, ANSI codes, workflow and Travis markers and control bytes removed, and of a line
// rewritten by bare `\r` only what stays visible (the last non-empty segment, as a terminal shows it). Each
// step first asks whether there is anything to remove: most lines need none, and a replace costs a scan and
// often a new string.

// A control string (OSC `ESC ]`, APC `ESC _`, DCS `ESC P`, PM `ESC ^`, SOS `ESC X`) runs to BEL or ST: Buildkite
// stamps each line with the APC `ESC _bk;t=<ms> BEL`, which a terminal does not show.
const ANSI = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[\]_P^X][^\x07\x1b]*(?:\x07|\x1b\\)|[()][A-Za-z0-9]|[=>78DEMc])/g;
/**
 * The time a CI system stamps on each line. A tool's output never starts with a full date and time, so those are
 * stripped whatever their form: GitHub and Azure (`2024-01-01T10:00:00.1234567Z `, GitLab's runner adds the stream,
 * `00O `, `01E`, `00O+` for a continued line), Jenkins' Timestamper (`[2024-01-01T10:00:00.123Z] `), and the same
 * with a space or an offset (`2024-01-01 10:00:00 `, `[2017-07-13 16:33:24 +0000] `). A time of day alone is Jenkins'
 * Timestamper too (`21:30:28 `), but a program's own log record also starts with one (Elixir Logger's
 * `10:00:00.123 [info] `): a time followed by a lower-case bracketed level stays, so that record is still read as
 * one. Open Build Service stamps the seconds since the build started (`[  218s] `); TeamCity the time, the message's
 * status and the build step (`[18:28:21]E:     [Step 1/2] `).
 */
const DATE_TIME = String.raw`\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z| ?[+-]\d\d:?\d\d)?`;
const CI_TIMESTAMP = new RegExp(
  [
    String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z(?: [\da-f]{2}[OE](?:\+| |$)| ?)`, // GitHub, Azure, GitLab
    String.raw`\[${DATE_TIME}\] `,
    `${DATE_TIME} `,
    String.raw`\d\d:\d\d:\d\d(?:\.\d+)?(?! +\[[a-z]) +`, // a time of day, unless a log record's level follows
    String.raw`\[ *\d+s\] `, // Open Build Service
    String.raw`\[\d\d:\d\d:\d\d\][ iWEF]:\s+(?:\[Step \d+\/\d+\] )?`, // TeamCity
  ].join("|"),
  "y",
);
/**
 * What a container runner puts before each line of a container's output: docker buildkit's step and elapsed seconds
 * (`#12 38.24 `; its bare `#12 ` lines are its own status, and `#0 ` also starts PHP's and Dart's stack frames),
 * docker compose's service and replica (`web_1  | `, `web-1  | `; the replica number tells it from rustc's `59 | `
 * gutter and from a table's first column, and its few digits from conda's `ca-certificates-2019 | ` progress), Google
 * Cloud Build's step (`Step #1: `, `Step #0 - "build": `; docker's own `Step 1/7 : ` has no `#`).
 */
const CONTAINER_PREFIX = /#\d+ \d+\.\d+ |Step #\d+(?: - "[^"]*")?: |[A-Za-z][\w.-]*[-_]\d{1,3} +\|(?: |$)/y;
const WORKFLOW_MARKER = /^##\[(?:group|endgroup|error|warning|notice|debug|section|command)\]/;
const TRAVIS_MARKER = /travis_(?:fold|time):[a-z]+:[^\s\r]*/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const CARRIAGE_RETURN = 0x0d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LEFT_BRACKET = 0x5b;
/** `#` (0x23) is unchanged by it; an ASCII letter becomes lower case. */
const LOWER_CASE_BIT = 0x20;
const HASH = 0x23;
const LETTER_A = 0x61;
const LETTER_Z = 0x7a;

export function cleanLine(raw: string): string {
  let text = raw;
  // A lone `\r` ending the line (CRLF) goes with the final trimEnd: no step below can take it into a match.
  const carriageReturn = text.indexOf("\r");
  if (carriageReturn !== -1 && carriageReturn !== text.length - 1) text = visibleSegment(text);
  if (text.includes("\x1b")) text = text.replace(ANSI, "");
  if (text.includes("travis_")) text = text.replace(TRAVIS_MARKER, "");
  text = text.replace(CONTROL, "");
  if (mayHavePrefix(text)) text = withoutLinePrefix(text);
  if (text.startsWith("##[")) text = text.replace(WORKFLOW_MARKER, "");
  return text.trimEnd();
}

/**
 * Whether a prefix can start the line: a timestamp starts with a digit or `[`, buildkit's with `#`, Cloud Build's
 * with `Step #`, and compose's holds ` |`. Most lines fail the first comparisons, and a regex is not run for them.
 */
function mayHavePrefix(text: string): boolean {
  const first = text.charCodeAt(0);
  return (first >= DIGIT_0 && first <= DIGIT_9) || first === LEFT_BRACKET || first === HASH || text.startsWith("Step #") || text.includes(" |");
}

/**
 * The line without the CI timestamp and the container prefix, in that order: the CI system stamps what the runner
 * printed.
 */
function withoutLinePrefix(text: string): string {
  let at = 0;
  const first = text.charCodeAt(0);
  if ((first >= DIGIT_0 && first <= DIGIT_9) || first === LEFT_BRACKET) {
    CI_TIMESTAMP.lastIndex = 0;
    if (CI_TIMESTAMP.test(text)) at = CI_TIMESTAMP.lastIndex;
  }
  const next = text.charCodeAt(at) | LOWER_CASE_BIT;
  if (next === HASH || (next >= LETTER_A && next <= LETTER_Z)) {
    CONTAINER_PREFIX.lastIndex = at;
    if (CONTAINER_PREFIX.test(text)) at = CONTAINER_PREFIX.lastIndex;
  }
  return at === 0 ? text : text.slice(at);
}

/**
 * From the end, the first segment between bare `\r`s that shows anything (progress lines hold thousands). A
 * line whose only `\r`s end it (CRLF) is its own segment: when that shows nothing, neither does the cleaned line.
 */
function visibleSegment(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
  if (end === 0) return "";
  const whole = end === text.length ? text : text.slice(0, end);
  if (whole.lastIndexOf("\r") === -1) return whole;
  for (;;) {
    const cut = end > 0 ? text.lastIndexOf("\r", end - 1) : -1;
    const segment = text.slice(cut + 1, end);
    if ((segment.includes("\x1b") ? segment.replace(ANSI, "") : segment).trim() !== "") return segment;
    if (cut === -1) return "";
    end = cut;
  }
}
