// Turns a raw CI log line into the text a reader sees: CI timestamps, ANSI codes, workflow and
// Travis markers and control bytes removed, and of a line rewritten by bare `\r` only what stays
// visible (the last non-empty segment, as a terminal shows it).

const ANSI = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][A-Za-z0-9]|[=>78DEMc])/g;
const GITHUB_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;
const WORKFLOW_MARKER = /^##\[(?:group|endgroup|error|warning|notice|debug|section|command)\]/;
const TRAVIS_MARKER = /travis_(?:fold|time):[a-z]+:[^\s\r]*/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

export function cleanLine(raw: string): string {
  let text = raw;
  if (text.includes("\r")) text = visibleSegment(text);
  if (text.includes("\x1b")) text = text.replace(ANSI, "");
  if (text.includes("travis_")) text = text.replace(TRAVIS_MARKER, "");
  text = text.replace(CONTROL, "");
  text = text.replace(GITHUB_TIMESTAMP, "");
  if (text.startsWith("##[")) text = text.replace(WORKFLOW_MARKER, "");
  return text.trimEnd();
}

/** From the end, the first segment between bare `\r`s that shows anything (progress lines hold thousands). */
function visibleSegment(text: string): string {
  for (let end = text.length; ; ) {
    const cut = end > 0 ? text.lastIndexOf("\r", end - 1) : -1;
    const segment = text.slice(cut + 1, end);
    if ((segment.includes("\x1b") ? segment.replace(ANSI, "") : segment).trim() !== "") return segment;
    if (cut === -1) return "";
    end = cut;
  }
}
