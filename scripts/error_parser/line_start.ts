// The prefilter's line-start shapes (prefilter.ts LINE_START_SHAPES) on a line's bytes, for the scanner: true
// for every line whose probe (the line after a GitHub timestamp) the shapes' regex matches, so a line that
// fails it can be left out without decoding it. A test compares both on real logs and every Unicode space.

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** `^(?:E\s\s|_{3}|-{4} |\s+\d+\) |\*\* \(|rspec \.)` on the probe of the line `bytes[start, end)`. */
export function mayStartWithShape(bytes: Uint8Array, start: number, end: number): boolean {
  const at = afterTimestamp(bytes, start, end);
  switch (bytes[at]) {
    case 0x45: {
      const second = afterSpace(bytes, at + 1, end);
      return second !== -1 && afterSpace(bytes, second, end) !== -1;
    }
    case 0x5f:
      return startsWith(bytes, at, end, "___");
    case 0x2d:
      return startsWith(bytes, at, end, "---- ");
    case 0x2a:
      return startsWith(bytes, at, end, "** (");
    case 0x72:
      return startsWith(bytes, at, end, "rspec .");
  }
  // `\s+\d+\) `: \s and \d are disjoint, so greedy runs decide it.
  let next = at;
  for (let after = afterSpace(bytes, next, end); after !== -1; after = afterSpace(bytes, next, end)) next = after;
  if (next === at) return false;
  const digits = next;
  while (next < end && isDigit(bytes[next]!)) next++;
  return next > digits && next + 1 < end && bytes[next] === 0x29 && bytes[next + 1] === 0x20;
}

/** Where the probe starts: after `^\d{4}-\d\d-\d\dT[\d:.]+Z ` (extract.ts GITHUB_TIMESTAMP), else at `start`. */
function afterTimestamp(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 13 || !isDigit(bytes[start]!)) return start;
  for (const [offset, kind] of TIMESTAMP_HEAD) {
    const byte = bytes[start + offset]!;
    if (kind === "digit" ? !isDigit(byte) : byte !== kind) return start;
  }
  let at = start + TIMESTAMP_HEAD.length;
  const run = at;
  while (at < end && (isDigit(bytes[at]!) || bytes[at] === 0x3a || bytes[at] === 0x2e)) at++;
  return at > run && at + 1 < end && bytes[at] === 0x5a && bytes[at + 1] === 0x20 ? at + 2 : start;
}

/** `\d{4}-\d\d-\d\dT`, byte by byte. */
const TIMESTAMP_HEAD = [..."dddd-dd-ddT"].map((char, offset): [number, "digit" | number] => [offset, char === "d" ? "digit" : char.charCodeAt(0)]);

function isDigit(byte: number): boolean {
  return byte >= DIGIT_0 && byte <= DIGIT_9;
}

function startsWith(bytes: Uint8Array, at: number, end: number, ascii: string): boolean {
  if (end - at < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/**
 * The index after the JavaScript `\s` character at `at` (ASCII, or in UTF-8: U+00A0, U+1680, U+2000-U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), or -1.
 */
function afterSpace(bytes: Uint8Array, at: number, end: number): number {
  if (at >= end) return -1;
  const lead = bytes[at]!;
  if (lead === 0x20 || (lead >= 0x09 && lead <= 0x0d)) return at + 1;
  if (lead < 0xc2) return -1;
  if (lead === 0xc2) return at + 1 < end && bytes[at + 1] === 0xa0 ? at + 2 : -1;
  if (at + 2 >= end) return -1;
  const code = ((lead & 0x0f) << 12) | ((bytes[at + 1]! & 0x3f) << 6) | (bytes[at + 2]! & 0x3f);
  const wellFormed = lead >= 0xe1 && lead <= 0xef && (bytes[at + 1]! & 0xc0) === 0x80 && (bytes[at + 2]! & 0xc0) === 0x80;
  const space = code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
  return wellFormed && space ? at + 3 : -1;
}
