// Which repository (owner/name) this invocation's records belong to: the configured one, else the
// Actions runner's GITHUB_REPOSITORY, else the git remote origin, else local/<folder name>, so a
// shared store can tell many repositories' records apart and a local one still has a name.

import { basename } from "node:path";
import { gitSync } from "./git.ts";

const OWNER_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function detectRepository(configured: string | null, projectRoot: string, env: NodeJS.ProcessEnv): string {
  if (configured) return configured;
  const fromRunner = env.GITHUB_REPOSITORY;
  if (fromRunner && OWNER_NAME.test(fromRunner)) return fromRunner;
  const origin = gitSync(projectRoot, ["remote", "get-url", "origin"]);
  const fromRemote = origin.ok ? repositoryOfRemote(origin.stdout.trim()) : undefined;
  return fromRemote ?? `local/${safeName(basename(projectRoot))}`;
}

/** owner/name from https://host/owner/name(.git), ssh://git@host/owner/name.git or git@host:owner/name.git; a local path names no repository. */
export function repositoryOfRemote(remote: string): string | undefined {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.+)$/i.exec(remote)?.[1] ?? /^[^@/\s]+@[^:/\s]+:(.+)$/.exec(remote)?.[1];
  if (!path || remote.startsWith("file:")) return undefined;
  const [owner, name] = path.replace(/\/+$/, "").replace(/\.git$/, "").split("/").slice(-2);
  const candidate = `${owner}/${name}`;
  return owner && name && OWNER_NAME.test(candidate) ? candidate : undefined;
}

function safeName(folder: string): string {
  return folder.replace(/[^A-Za-z0-9_.-]/g, "-") || "project";
}
