// Turns a raw CI log line into the text a reader sees: CI timestamps, ANSI codes, workflow and
// Travis markers and control bytes removed, and of a line rewritten by bare `\r` only what stays
// visible (the last non-empty segment, as a terminal shows it). Each step first asks whether there is
// anything to remove: most lines need none, and a replace costs a scan and often a new string.

const ANSI = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][A-Za-z0-9]|[=>78DEMc])/g;
const GITHUB_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;
const WORKFLOW_MARKER = /^##\[(?:group|endgroup|error|warning|notice|debug|section|command)\]/;
const TRAVIS_MARKER = /travis_(?:fold|time):[a-z]+:[^\s\r]*/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const CARRIAGE_RETURN = 0x0d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

export function cleanLine(raw: string): string {
  let text = raw;
  // A lone `\r` ending the line (CRLF) goes with the final trimEnd: no step below can take it into a match.
  const carriageReturn = text.indexOf("\r");
  if (carriageReturn !== -1 && carriageReturn !== text.length - 1) text = visibleSegment(text);
  if (text.includes("\x1b")) text = text.replace(ANSI, "");
  if (text.includes("travis_")) text = text.replace(TRAVIS_MARKER, "");
  text = text.replace(CONTROL, "");
  const first = text.charCodeAt(0);
  if (first >= DIGIT_0 && first <= DIGIT_9) text = text.replace(GITHUB_TIMESTAMP, "");
  if (text.startsWith("##[")) text = text.replace(WORKFLOW_MARKER, "");
  return text.trimEnd();
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
