// Which files the agent changed: the working tree's dirty files (git status) with a hash of each
// file's content, taken before and after the run; a file counts when its state or content differs.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { gitSync } from "../lib/git.ts";

/** Path (relative to the repository root) -> content hash, or "deleted". */
export type WorkingTreeSnapshot = Map<string, string>;

/** null when `root` is not inside a git work tree (changed files are then unknown). */
export function snapshotWorkingTree(projectRoot: string, ignoreDirs: string[] = []): WorkingTreeSnapshot | null {
  const root = realpathSync(projectRoot);
  const top = gitTopLevel(root);
  if (!top) return null;
  const status = gitSync(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."]);
  if (!status.ok) return null;
  const ignored = ignoreDirs.filter(existsSync).map((dir) => realpathSync(resolve(dir)) + sep);
  const snapshot: WorkingTreeSnapshot = new Map();
  for (const path of dirtyPaths(status.stdout)) {
    const absolute = join(top, path);
    if (ignored.some((dir) => absolute.startsWith(dir))) continue;
    snapshot.set(relative(root, absolute), contentHash(absolute));
  }
  return snapshot;
}

/** Paths whose state differs between the two snapshots, sorted. */
export function changedFiles(before: WorkingTreeSnapshot, after: WorkingTreeSnapshot): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

function gitTopLevel(root: string): string | null {
  const result = gitSync(root, ["rev-parse", "--show-toplevel"]);
  return result.ok ? result.stdout.trim() : null;
}

/** Entries of `git status -z`: "XY path\0", renames followed by "\0old-path". */
function dirtyPaths(output: string): string[] {
  const entries = output.split("\0");
  const paths: string[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    if (entry.length < 4) continue;
    paths.push(entry.slice(3));
    if (entry[0] === "R" || entry[0] === "C") index += 1;
  }
  return paths;
}

function contentHash(file: string): string {
  if (!existsSync(file)) return "deleted";
  if (statSync(file).isDirectory()) return "directory";
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}
