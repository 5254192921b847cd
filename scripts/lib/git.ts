// Runs git for every script, through zx (the project's one way to run shell tools), synchronously:
// git answers in milliseconds and its callers are simple sequential code.

import { createRequire } from "node:module";

/** zx, loaded at the first git call: on an Actions runner most scripts never run git (~75 ms, ~25 MB saved). */
const zx = () => createRequire(import.meta.url)("zx") as typeof import("zx");

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** `git <args>` in `cwd`; never throws for a non-zero exit (callers decide what a failure means). */
export function gitSync(cwd: string, args: string[]): GitResult {
  const result = zx().$({ sync: true, cwd, nothrow: true, quiet: true })`git ${args}`;
  return { ok: result.exitCode === 0, stdout: result.stdout, stderr: result.stderr };
}
