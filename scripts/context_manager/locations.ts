// Files and lines a failure names: error locations and stack frames (Node, Python, Java, Go, Rust,
// tsc), matched to repository files by path suffix, so absolute CI paths still find `src/a.ts`.

import { posix } from "node:path";

export interface NamedLocation {
  /** Repository-relative path. */
  path: string;
  line: number | null;
  /** Where it was named: "error 1", "stack frame", ... */
  source: string;
  /** 1 for the primary error's own location, lower for later frames. */
  strength: number;
}

const PATH_WITH_LINE = [
  /File "([^"]+)", line (\d+)/g,
  /((?:[A-Za-z]:)?[\w.@~/\\-]*[\w-]\.[A-Za-z][A-Za-z0-9]{0,5})(?:\((\d+),\d+\)|:(\d+)(?::\d+)?)?/g,
];
const JAVA_FRAME = /at ((?:[\w$]+\.)+)[\w$<>]+\(([\w$]+\.(?:java|kt|scala)):(\d+)\)/g;

export interface PathMention {
  text: string;
  line: number | null;
}

/** Path-like mentions in one line of a log or message. */
export function mentionsIn(line: string): PathMention[] {
  const found: PathMention[] = [];
  for (const match of line.matchAll(JAVA_FRAME)) {
    const packagePath = match[1]!.split(".").filter(Boolean).slice(0, -1).join("/");
    found.push({ text: `${packagePath}/${match[2]}`, line: Number(match[3]) });
  }
  for (const pattern of PATH_WITH_LINE) {
    for (const match of line.matchAll(pattern)) {
      const lineText = match[2] ?? match[3];
      found.push({ text: match[1]!, line: lineText ? Number(lineText) : null });
    }
  }
  return found;
}

/** Resolves mentions to repository files by suffix; an ambiguous short name resolves to nothing. */
export function pathResolver(repoPaths: string[]): (mention: string) => string | undefined {
  const byName = new Map<string, string[]>();
  for (const path of repoPaths) {
    const name = posix.basename(path);
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  return (mention) => {
    const normalized = mention.replace(/^file:\/\//, "").replace(/\\/g, "/").replace(/^\.\//, "");
    const candidates = byName.get(posix.basename(normalized));
    if (!candidates) return undefined;
    const suffixes = candidates.filter((path) => normalized === path || normalized.endsWith(`/${path}`));
    if (suffixes.length) return suffixes.sort((a, b) => b.length - a.length)[0];
    const longer = candidates.filter((path) => path.endsWith(`/${normalized}`));
    return longer.length === 1 ? longer[0] : undefined;
  };
}
