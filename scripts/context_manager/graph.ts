// The import graph: import specifiers (from tree-sitter) resolved to repository files, per
// language's rules (relative ES modules, Python packages, Go module folders, Rust crate paths,
// Java packages), plus each test file's link to the file it tests by naming convention (a Go test of the same
// package imports nothing it tests). Packages outside the repository resolve to nothing.

import { posix } from "node:path";

export interface ImportGraph {
  imports: Map<string, Set<string>>;
  importedBy: Map<string, Set<string>>;
}

const ES_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".d.ts", ".js", ".jsx", ".mjs", ".cjs"];
const PYTHON_ROOTS = ["", "src/", "lib/"];

/** Names a project gives itself that its own imports use: Go's module path (go.mod), Rust's crate name (Cargo.toml). */
export interface ProjectNames {
  goModule: string | null;
  /** As Rust code writes it: the package name with hyphens as underscores. */
  rustCrate: string | null;
}

export function buildImportGraph(paths: string[], importsOf: Map<string, string[]>, names: ProjectNames): ImportGraph {
  const resolve = importResolver(paths, names);
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
  const subjectOf = testSubjects(paths);
  for (const path of paths) {
    const subject = subjectOf(path);
    if (!subject) continue;
    link(graph.imports, path, subject);
    link(graph.importedBy, subject, path);
  }
  return graph;
}

/** `x_test.go`, `test_x.py`, `x_test.py`, `x.test.ts`, `x.spec.js`, `XTest.java`: the test's name without its marker. */
const TEST_NAME = [/^(.+)_test(\.go|\.py)$/, /^test_(.+)(\.py)$/, /^(.+)\.(?:test|spec)(\.[mc]?[jt]sx?)$/, /^(.+?)Tests?(\.java|\.kt)$/];

/**
 * The file a test file tests, by the ecosystems' naming conventions: beside it (Go's rule, and the usual one for
 * JavaScript), else the only file of that name elsewhere (Python's `tests/test_x.py` for `src/pkg/x.py`).
 */
function testSubjects(paths: string[]): (path: string) => string | undefined {
  const known = new Set(paths);
  const byName = new Map<string, string[]>();
  for (const path of paths) byName.set(posix.basename(path), [...(byName.get(posix.basename(path)) ?? []), path]);
  return (path) => {
    const name = posix.basename(path);
    const match = TEST_NAME.map((pattern) => pattern.exec(name)).find(Boolean);
    if (!match) return undefined;
    const subjectName = `${match[1]}${match[2]}`;
    const beside = posix.join(posix.dirname(path), subjectName);
    if (known.has(beside)) return beside;
    // Go tests sit beside their package's files; elsewhere only an unambiguous name is a link.
    const elsewhere = name.endsWith(".go") ? [] : (byName.get(subjectName) ?? []);
    return elsewhere.length === 1 ? elsewhere[0] : undefined;
  };
}

/** Resolves an import specifier written in `from` to repository files (none for outside packages). */
export function importResolver(paths: string[], names: ProjectNames): (from: string, specifier: string) => string[] {
  const known = new Set(paths);
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const folder = posix.dirname(path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), path]);
  }
  return (from, specifier) => resolveImport(from, specifier, known, byFolder, names);
}

function link(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

function resolveImport(from: string, specifier: string, known: Set<string>, byFolder: Map<string, string[]>, { goModule, rustCrate }: ProjectNames): string[] {
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
    // Integration tests, benches and examples (tests/*.rs) use the package's own crate by its name, rooted at src/.
    const ownCrate = rustCrate !== null && specifier.startsWith(`${rustCrate}::`);
    if (!specifier.startsWith("crate::") && !ownCrate) return [];
    const crateRoot = ownCrate ? "src/" : from.includes("src/") ? from.slice(0, from.indexOf("src/") + 4) : "";
    const segments = specifier.slice(specifier.indexOf("::") + 2).split("::").filter((s) => /^\w+$/.test(s));
    for (let n = segments.length; n > 0; n--) {
      const hit = first([`${crateRoot}${segments.slice(0, n).join("/")}.rs`, `${crateRoot}${segments.slice(0, n).join("/")}/mod.rs`]);
      if (hit.length) return hit;
    }
    // An item re-exported at the crate root (`semver::Version`, `use semver::{Version, Op}`): the root module.
    return ownCrate ? first([`${crateRoot}lib.rs`]) : [];
  }
  if (extension === ".java" || extension === ".kt") {
    if (specifier.endsWith("*")) return [];
    const suffix = `${specifier.replace(/\./g, "/")}${extension}`;
    return [...known].filter((path) => path === suffix || path.endsWith(`/${suffix}`)).slice(0, 1);
  }
  return [];
}
