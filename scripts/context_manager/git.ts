// Git signals: the files the failing change touched (diff against a base ref) and how recently
// each file changed in history.

import { statSync } from "node:fs";
import { join } from "node:path";
import { CfoError } from "../lib/errors.ts";
import { gitSync } from "../lib/git.ts";

const RECENT_COMMITS = 30;


/** The base ref to diff against: the configured one, else HEAD~1 when it exists, else none. */
export function diffBase(root: string, configured: string | null): string | null {
  if (configured) {
    if (!gitSync(root, ["rev-parse", "--verify", "-q", `${configured}^{commit}`]).ok) throw new CfoError(`--base ${configured} is not a commit in this repository; pass a branch, tag or sha that exists (fetch it first in shallow CI clones)`);
    return configured;
  }
  return gitSync(root, ["rev-parse", "--verify", "-q", "HEAD~1^{commit}"]).ok ? "HEAD~1" : null;
}

/** Files changed between `base` and the working tree (relative to `root`), each with its changed lines (new side). */
export function changedFiles(root: string, base: string): Map<string, number[]> {
  const diff = gitSync(root, ["diff", "-U0", "--no-color", "--no-ext-diff", "--relative", base]);
  const changed = new Map<string, number[]>();
  if (!diff.ok) return changed;
  let current: number[] | undefined;
  for (const line of diff.stdout.split("\n")) {
    if (line.startsWith("+++ ")) {
      const path = line.slice(4).replace(/^b\//, "");
      current = path === "/dev/null" ? undefined : [];
      if (current) changed.set(path, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const first = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      // A pure deletion has no new lines: the line where it happened stands for it.
      for (let n = first; n < first + Math.max(1, count); n++) current.push(Math.max(1, n));
    }
  }
  return changed;
}

/** Files touched by the last commits: 1 for the newest commit, falling towards 0 for older ones. */
export function recentFiles(root: string): Map<string, number> {
  const log = gitSync(root, ["log", `-n${RECENT_COMMITS}`, "--name-only", "--relative", "--format=%x01"]);
  const recency = new Map<string, number>();
  if (!log.ok) return recency;
  log.stdout
    .split("\x01")
    .slice(1)
    .forEach((commit, index) => {
      for (const path of commit.split("\n").filter(Boolean)) if (!recency.has(path)) recency.set(path, 1 - index / RECENT_COMMITS);
    });
  return recency;
}

/**
 * The working tree's state as git sees it: HEAD, plus each changed or untracked path with its size and
 * mtime (git's own stat cache makes this fast). Null outside git. cfo's own cache folder (`ownCache`, see
 * ownCacheFolder), when it lies in the tree (the default `.github/cache`, rarely in .gitignore), is left out: every
 * build writes there.
 */
export function treeState(root: string, ownCache: string | undefined): string | null {
  const head = gitSync(root, ["rev-parse", "HEAD"]);
  const status = gitSync(root, ["status", "--porcelain=v1", "-z", "-uall"]);
  if (!head.ok || !status.ok) return null;
  const inOwnCache = ownCache === undefined ? undefined : `${ownCache}/`;
  const touched = status.stdout
    .split("\0")
    .filter((entry) => entry.length > 3 && !(inOwnCache && entry.slice(3).startsWith(inOwnCache)))
    .map((entry) => {
      const stat = statSync(join(root, entry.slice(3)), { throwIfNoEntry: false });
      return `${entry}:${stat?.size ?? "-"}:${stat?.mtimeMs ?? "-"}`;
    });
  return [head.stdout.trim(), ...touched].join("\n");
}
