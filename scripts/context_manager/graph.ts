// The import graph: import specifiers (from tree-sitter) resolved to repository files, per
// language's rules (relative ES modules, Python packages, Go module folders, Rust crate paths,
// Java packages). Packages outside the repository resolve to nothing.

import { posix } from "node:path";

export interface ImportGraph {
  imports: Map<string, Set<string>>;
  importedBy: Map<string, Set<string>>;
}

const ES_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".d.ts", ".js", ".jsx", ".mjs", ".cjs"];
const PYTHON_ROOTS = ["", "src/", "lib/"];

export function buildImportGraph(paths: string[], importsOf: Map<string, string[]>, goModule: string | null): ImportGraph {
  const resolve = importResolver(paths, goModule);
  const graph: ImportGraph = { imports: new Map(), importedBy: new Map() };
  for (const [from, specifiers] of importsOf) {
    for (const specifier of specifiers) {
      for (const to of resolve(from, specifier)) {
        if (to === from) continue;
        link(graph.imports, from, to);
        link(graph.importedBy, to, from);
      }
    }
  }
  return graph;
}

/** Resolves an import specifier written in `from` to repository files (none for outside packages). */
export function importResolver(paths: string[], goModule: string | null): (from: string, specifier: string) => string[] {
  const known = new Set(paths);
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const folder = posix.dirname(path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), path]);
  }
  return (from, specifier) => resolveImport(from, specifier, known, byFolder, goModule);
}

function link(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

function resolveImport(from: string, specifier: string, known: Set<string>, byFolder: Map<string, string[]>, goModule: string | null): string[] {
  const extension = posix.extname(from);
  const first = (candidates: string[]) => {
    const hit = candidates.find((candidate) => known.has(candidate));
    return hit ? [hit] : [];
  };
  if (/^\.[mc]?[jt]sx?$/.test(extension)) {
    if (!specifier.startsWith(".")) return [];
    const base = posix.normalize(posix.join(posix.dirname(from), specifier));
    const stem = base.replace(/\.(m|c)?jsx?$/, "");
    return first([base, ...ES_EXTENSIONS.map((ext) => stem + ext), ...ES_EXTENSIONS.map((ext) => `${base}/index${ext}`)]);
  }
  if (extension === ".py") {
    const dots = /^\.*/.exec(specifier)![0].length;
    const parts = specifier.slice(dots).split(".").filter(Boolean);
    const roots = dots ? [posix.join(...[posix.dirname(from), ...Array<string>(dots - 1).fill("..")]) + "/"] : PYTHON_ROOTS;
    const rest = parts.join("/");
    return first(roots.flatMap((root) => (rest ? [`${root}${rest}.py`, `${root}${rest}/__init__.py`] : [`${root}__init__.py`]).map((p) => posix.normalize(p))));
  }
  if (extension === ".go") {
    if (!goModule || !specifier.startsWith(`${goModule}/`)) return [];
    return (byFolder.get(specifier.slice(goModule.length + 1)) ?? []).filter((path) => path.endsWith(".go") && !path.endsWith("_test.go"));
  }
  if (extension === ".rs") {
    const folder = posix.dirname(from);
    if (specifier.startsWith("mod:")) {
      const name = specifier.slice(4);
      const own = /(^|\/)(main|lib|mod)\.rs$/.test(from) ? folder : posix.join(folder, posix.basename(from, ".rs"));
      return first([posix.join(own, `${name}.rs`), posix.join(own, name, "mod.rs")]);
    }
    if (!specifier.startsWith("crate::")) return [];
    const crateRoot = from.includes("src/") ? from.slice(0, from.indexOf("src/") + 4) : "";
    const segments = specifier.slice(7).split("::").filter((s) => /^\w+$/.test(s));
    for (let n = segments.length; n > 0; n--) {
      const hit = first([`${crateRoot}${segments.slice(0, n).join("/")}.rs`, `${crateRoot}${segments.slice(0, n).join("/")}/mod.rs`]);
      if (hit.length) return hit;
    }
    return [];
  }
  if (extension === ".java" || extension === ".kt") {
    if (specifier.endsWith("*")) return [];
    const suffix = `${specifier.replace(/\./g, "/")}${extension}`;
    return [...known].filter((path) => path === suffix || path.endsWith(`/${suffix}`)).slice(0, 1);
  }
  return [];
}
