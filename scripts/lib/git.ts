// Runs git for every script, synchronously: git answers in milliseconds and its callers are simple
// sequential code. Bun's own spawn, not zx: loading zx (~65 ms) cost more than the git calls of a warm
// context build together, and each zx call ~8 ms against ~2 ms.

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** `git <args>` in `cwd`; never throws for a non-zero exit or a missing git (callers decide what a failure means). */
export function gitSync(cwd: string, args: string[]): GitResult {
  try {
    const result = Bun.spawnSync(["git", ...args], { cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    return { ok: result.exitCode === 0, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
  } catch (error) {
    return { ok: false, stdout: "", stderr: error instanceof Error ? error.message : String(error) };
  }
}
