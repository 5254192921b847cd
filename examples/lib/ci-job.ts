// Runs the sample project's CI steps the way a CI job shows them: each command echoed as `$ ...`,
// then its real stdout and stderr merged in order, and the exit code line of the step that failed.
import { closeSync, openSync, writeSync } from "node:fs";
import type { CiStepName } from "./variants.ts";

export interface JobSetup {
  readonly projectDir: string;
  readonly env: Record<string, string>;
  /** Where `install` fetches packages from; only loopback registries are used. */
  readonly registryUrl: string;
  /** An empty npm cache, so `install` has to reach the registry. */
  readonly npmCacheDir: string;
}

export interface JobResult {
  /** 0 when every step passed, else the failing step's exit code. */
  readonly exitCode: number;
  readonly failedStep: CiStepName | undefined;
}

function stepCommand(step: CiStepName, setup: JobSetup): string[] {
  switch (step) {
    case "install":
      // Few quick retries so a dead registry fails the step in seconds, not minutes.
      return [
        "npm", "ci", "--registry", setup.registryUrl, "--prefer-online", "--cache", setup.npmCacheDir,
        "--fetch-retries=1", "--fetch-retry-mintimeout=100", "--fetch-retry-maxtimeout=200", "--no-audit", "--no-fund",
      ];
    case "typecheck":
      return ["./node_modules/.bin/tsc", "--noEmit"];
    case "test":
      return ["./node_modules/.bin/bun", "test"];
  }
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

export async function runCiJob(steps: readonly CiStepName[], setup: JobSetup, logFile: string): Promise<JobResult> {
  const log = openSync(logFile, "w");
  try {
    for (const step of steps) {
      const command = stepCommand(step, setup);
      writeSync(log, `$ ${command.map(shellQuote).join(" ")}\n`);
      // Both streams share one file description, so their lines interleave as the tool wrote them.
      const child = Bun.spawn(command, { cwd: setup.projectDir, env: setup.env, stdin: "ignore", stdout: log, stderr: log });
      const exitCode = await child.exited;
      if (exitCode !== 0) {
        writeSync(log, `Error: Process completed with exit code ${exitCode}.\n`);
        return { exitCode, failedStep: step };
      }
    }
    return { exitCode: 0, failedStep: undefined };
  } finally {
    closeSync(log);
  }
}
