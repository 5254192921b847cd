// Test helpers shared by every suite: run a script as a real subprocess, make temp dirs and real
// git repositories. Nothing here stands in for the project's own code.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dir, "..", "..");
export const bunBinary = process.execPath;

export interface ScriptRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `bun scripts/<script>.ts ...args` (or any .ts path) in a subprocess. */
export async function runScript(
  script: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; stdin?: string | Uint8Array; timeoutMs?: number } = {},
): Promise<ScriptRun> {
  const path = script.endsWith(".ts") ? resolve(repoRoot, script) : join(repoRoot, "scripts", `${script}.ts`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, GITHUB_ACTIONS: undefined, CI: "true", ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const child = Bun.spawn([bunBinary, path, ...args], {
    cwd: options.cwd ?? repoRoot,
    env,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
    timeout: options.timeoutMs ?? 60_000,
  });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { exitCode, stdout, stderr };
}

/** A fresh temp directory, removed by the returned cleanup function. */
export function tempDir(prefix = "cfo-test-"): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Temp folders made during a test, removed together: `const dirs = tempDirs(); afterEach(dirs.removeAll);`. */
export function tempDirs(): { make(files?: Record<string, string | Uint8Array>): string; removeAll(): void } {
  let made: (() => void)[] = [];
  return {
    make(files = {}) {
      const dir = tempDir();
      made.push(dir.cleanup);
      writeFiles(dir.path, files);
      return dir.path;
    },
    removeAll() {
      for (const cleanup of made) cleanup();
      made = [];
    },
  };
}

/** Writes files (relative path -> content) under `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = join(root, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Runs git in `cwd` with a fixed identity; throws with git's stderr when it fails. */
export function git(cwd: string, ...args: string[]): string {
  const result = Bun.spawnSync(["git", "-c", "user.name=cfo-test", "-c", "user.email=cfo@test.invalid", "-c", "commit.gpgsign=false", ...args], { cwd });
  if (result.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr.toString()}`);
  return result.stdout.toString();
}

/** A real git repository with `files` committed on branch main. */
export function makeGitRepo(files: Record<string, string>): { path: string; cleanup: () => void } {
  const dir = tempDir("cfo-repo-");
  writeFiles(dir.path, files);
  git(dir.path, "init", "-q", "-b", "main");
  git(dir.path, "add", "-A");
  git(dir.path, "commit", "-q", "-m", "initial");
  return dir;
}
