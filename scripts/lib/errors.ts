// Errors the user can act on: one line naming where (file:line:column, key path) and what is allowed.
// Every script turns a CfoError into that line on stderr and exit code 2, never a stack trace.

export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export class CfoError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
    readonly keyPath?: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CfoError";
  }

  /** `file:line:col: key.path: message` — the format editors and CI annotations understand. */
  toLine(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : "";
    const key = this.keyPath ? `${this.keyPath}: ` : "";
    return `${where}${key}${this.message}`;
  }
}

/** Several problems found at once (a config with three mistakes reports all three). */
export class CfoErrors extends CfoError {
  constructor(readonly problems: CfoError[]) {
    super(problems.map((p) => p.toLine()).join("\n"));
  }
  override toLine(): string {
    return this.message;
  }
}

export function formatLocation({ file, line, column }: SourceLocation): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

/** Closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
