// Finds the file, line and column an error names, and makes the path relative to the project root:
// runner workspace prefixes are removed, and an absolute path from another checkout (a temp copy, a
// container) is matched to the project by its longest tail that exists there.

import { existsSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

export interface SourceLocation {
  file: string;
  line: number | null;
  column: number | null;
}

const EXTENSION = String.raw`\.[A-Za-z][A-Za-z0-9]{0,9}`;
const PATH = String.raw`(?:[A-Za-z]:)?[\w@~./\\+-]*[\w@~+-]${EXTENSION}`;

/** Shapes tools print a location in, most specific first. */
const LOCATIONS: RegExp[] = [
  new RegExp(String.raw`File "(?<file>[^"]+)", line (?<line>\d+)`),
  new RegExp(String.raw`(?<file>${PATH})\((?<line>\d+),(?<column>\d+)\)`),
  new RegExp(String.raw`(?<file>${PATH}):\[(?<line>\d+),(?<column>\d+)\]`),
  new RegExp(String.raw`(?<![\w/])-->\s*(?<file>${PATH}):(?<line>\d+)(?::(?<column>\d+))?`),
  new RegExp(String.raw`(?<file>${PATH}):(?<line>\d+)(?::(?<column>\d+))?`),
  new RegExp(String.raw`(?<file>${PATH}) line (?<line>\d+)`),
];

const WORKSPACE_PREFIXES = [
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
  /^\/home\/travis\/build\/[^/]+\/[^/]+\//,
  /^\/Users\/travis\/build\/[^/]+\/[^/]+\//,
  /^\/builds\/[^/]+\/[^/]+\//,
  /^[A-Za-z]:[\\/]a[\\/][^\\/]+[\\/][^\\/]+[\\/]/,
  /^\/__w\/[^/]+\/[^/]+\//,
];

/** Skipped when a frame further down names a project file: they are the runtime's, not the project's. */
const FOREIGN = /(?:^|[\\/])(?:node_modules|site-packages|dist-packages|\.cargo|\.rustup|go[\\/]pkg[\\/]mod|internal[\\/]|node:|\.m2|\.gradle|vendor[\\/]bundle|\/usr\/|\.rvm|\.nvm|lib[\\/]python\d)/;

export function findLocation(lines: string[], projectRoot: string): SourceLocation {
  let fallback: SourceLocation | undefined;
  for (const text of lines) {
    if (/https?:\/\//.test(text) && !/File "/.test(text)) continue;
    for (const shape of LOCATIONS) {
      const groups = shape.exec(text)?.groups;
      if (!groups?.file || /^\d+(?:\.\d+)+$/.test(groups.file)) continue;
      const located = {
        file: projectPath(groups.file, projectRoot),
        line: Number(groups.line),
        column: groups.column ? Number(groups.column) : null,
      };
      if (!FOREIGN.test(groups.file) && existsSync(join(projectRoot, located.file))) return located;
      fallback ??= FOREIGN.test(groups.file) ? undefined : located;
      break;
    }
  }
  return fallback ?? { file: "", line: null, column: null };
}

/** A path as the project sees it: relative to the root when it lies inside or its tail exists there. */
export function projectPath(path: string, projectRoot: string): string {
  let file = path.replace(/\\/g, "/");
  for (const prefix of WORKSPACE_PREFIXES) file = file.replace(prefix, "");
  file = file.replace(/^\.\//, "");
  if (!isAbsolute(file)) return file;
  const inside = relative(projectRoot, file);
  if (!inside.startsWith("..") && !isAbsolute(inside)) return inside.split(sep).join("/");
  const parts = file.split("/").filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join("/");
    if (existsSync(join(projectRoot, tail))) return tail;
  }
  return file;
}
