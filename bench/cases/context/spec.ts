// Shapes of the committed case definitions: which npm package a case is cut from, the bug it plants, and the tool whose
// real output becomes the case's log. build.ts turns these into git repos, logs and cases.jsonl.

/**
 * tsc: type check; bun-test: the package's small suite under test/; node: a driver script whose crash is the log;
 * pytest / mypy: Python's test runner and type checker;
 * go-test / go-build: the Go toolchain over `./...` (go-test takes extra flags from `args`; it runs go vet's test subset);
 * cargo-test / cargo-build: Rust's cargo, offline.
 */
export type Tool = "tsc" | "bun-test" | "node" | "pytest" | "mypy" | "go-test" | "go-build" | "cargo-test" | "cargo-build";

/** A search/replace in one file of the package tree; `find` must occur exactly once. */
export interface Edit {
  file: string;
  find: string;
  replace: string;
}

export interface BugCase {
  id: string;
  /** What was broken, in one line, for the README's case list (never shown to the tool under test). */
  title: string;
  tool: Tool;
  /** The failing commit's bug; the files edited here are the case's fixFiles. */
  edits: Edit[];
  /** Unrelated edits in the same commit, so the diff is not a pointer to the answer. Not part of fixFiles. */
  noise?: Edit[];
  /** A substring the log must contain: proves the run failed for the planted reason and not another. */
  expect: string;
  /** For tool "node": the arguments after `node` (a driver under test/); for go-test: flags before `./...`. */
  args?: string[];
  /** Token budget for the pack; 8000 unless the case says otherwise. */
  budget?: number;
}

/** An entry of the package moved to another place in the tree (a Debian package's `usr/lib/...` to `src/...`). */
export interface Moved {
  from: string;
  to: string;
}

export interface PackageSpec {
  /** npm name, or the Debian binary package for source "apt", and its exact version: the reproducible source of the tree. */
  name: string;
  version: string;
  /** Where the pinned package comes from: `npm pack` (the default) or `apt-get download` (a Debian .deb). */
  source?: "npm" | "apt";
  licence: string;
  /** Directory name for the package's trees and the CI-style path prefix in logs. */
  slug: string;
  /** Entries of the published package that form the source tree (build outputs are left out), kept in place or moved. */
  keep: (string | Moved)[];
  /** Files written into the tree as a repository would have them (`pyproject.toml`, `go.mod`), path -> text. */
  files?: Record<string, string>;
  /** Where the suite from `suites/<slug>/` goes in the tree; `test` unless the language's convention differs. */
  suiteDir?: string;
  /** tsconfig.json written at the tree's root (the published packages ship none that checks src). */
  tsconfig?: object;
  /** Ambient declarations written to types/env.d.ts (e.g. `process.env`), so the pristine tree type-checks clean. */
  env?: string;
  cases: BugCase[];
}

export const defaultBudget = 8000;

/** Strict options shared by the TypeScript trees; a package's spec overrides what its sources need. */
export function tsconfigFor(include: string[], overrides: Record<string, unknown> = {}): object {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "bundler",
      lib: ["ES2022", "DOM"],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      ...overrides,
    },
    include: [...include, "types"],
    exclude: ["**/tests/**", "**/*.test.ts", "**/*.spec.ts", "test"],
  };
}

export const processEnv = "declare const process: { env: { NODE_ENV?: string; [key: string]: string | undefined } };\n";
