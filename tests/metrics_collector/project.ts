// A temporary project for metrics tests: its own cache root, plugins folder and environment, so
// subprocess runs and in-process calls see the same database.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type LoadedConfig } from "../../scripts/lib/config/load.ts";
import { isAlive, readLock } from "../../scripts/metrics_collector/pid-file.ts";
import { runScript, tempDir, writeFiles, type ScriptRun } from "../helpers/run.ts";

export interface MetricsProject {
  root: string;
  metricsDir: string;
  lockFile: string;
  run(args: string[], env?: Record<string, string | undefined>): Promise<ScriptRun>;
  load(): Promise<LoadedConfig>;
  /** Kills a sampler a failed test left behind. */
  cleanup(): void;
}

export function metricsProject(files: Record<string, string> = {}): MetricsProject {
  const dir = tempDir("cfo-metrics-");
  writeFiles(dir.path, files);
  const metricsDir = join(dir.path, ".github/cache/metrics");
  const lockFile = join(metricsDir, "sampler.json");
  return {
    root: dir.path,
    metricsDir,
    lockFile,
    run: (args, env = {}) => runScript("metrics_collector", ["--project-root", dir.path, ...args], { env: { GITHUB_WORKFLOW: undefined, GITHUB_RUN_ID: undefined, ...env } }),
    load: () => loadConfig({ projectRoot: dir.path, env: {} }),
    cleanup() {
      const lock = existsSync(lockFile) ? readLock(lockFile) : undefined;
      if (lock && isAlive(lock.pid)) process.kill(lock.pid, "SIGKILL");
      dir.cleanup();
    },
  };
}

/** Polls until `condition` holds; false after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await Bun.sleep(25);
  }
  return condition();
}
