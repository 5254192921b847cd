// A temporary project for metrics tests: its own cache root, plugins folder and environment, so
// subprocess runs and in-process calls see the same database; on the embedded SQLite file, or on
// a fresh PostgreSQL database when the suite runs against the server (metricsBackends).

import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type LoadedConfig } from "../../scripts/lib/config/load.ts";
import { MetricsDatabase, type RunRow } from "../../scripts/metrics_collector/database.ts";
import { isAlive, readLock } from "../../scripts/metrics_collector/pid-file.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";
import { runScript, tempDir, writeFiles, type ScriptRun } from "../helpers/run.ts";

export interface MetricsBackend {
  name: "sqlite" | "postgres";
  /** True when PostgreSQL is not installed (the suite says so on the console). */
  skip: boolean;
  /** undefined for SQLite; a new empty database on the suite's cluster for PostgreSQL. */
  databaseUrl(): Promise<string | undefined>;
}

/** Both backends for a test file: call at its top level (the cluster starts before the file's tests). */
export function metricsBackends(suite: string): MetricsBackend[] {
  const { available, cluster } = clusterForSuite(suite);
  return [
    { name: "sqlite", skip: false, databaseUrl: async () => undefined },
    { name: "postgres", skip: !available, databaseUrl: () => cluster().freshDatabase() },
  ];
}

export interface MetricsProject {
  root: string;
  /** The PostgreSQL database the project's store lives in; undefined on SQLite. */
  databaseUrl: string | undefined;
  metricsDir: string;
  lockFile: string;
  run(args: string[], env?: Record<string, string | undefined>): Promise<ScriptRun>;
  load(flags?: { repository?: string; allRepos?: boolean }): Promise<LoadedConfig>;
  /** The runs of the project's repository, read through the store (either backend). */
  runs(): Promise<RunRow[]>;
  /** Kills a sampler a failed test left behind. */
  cleanup(): void;
}

export function metricsProject(files: Record<string, string> = {}, databaseUrl?: string): MetricsProject {
  const dir = tempDir("cfo-metrics-");
  writeFiles(dir.path, files);
  const metricsDir = join(dir.path, ".github/cache/metrics");
  const lockFile = join(metricsDir, "sampler.json");
  // Pinned either way, so a CFO_DATABASE_URL or GITHUB_REPOSITORY around the test run changes nothing.
  const env = { CFO_DATABASE_URL: databaseUrl, GITHUB_REPOSITORY: undefined };
  const load = (flags: { repository?: string; allRepos?: boolean } = {}) =>
    loadConfig({ projectRoot: dir.path, env: databaseUrl ? { CFO_DATABASE_URL: databaseUrl } : {}, allRepos: flags.allRepos, flags: flags.repository ? [{ path: ["repository"], value: flags.repository, flag: "--repo" }] : [] });
  return {
    root: dir.path,
    databaseUrl,
    metricsDir,
    lockFile,
    run: (args, extra = {}) => runScript("metrics_collector", ["--project-root", dir.path, ...args], { env: { GITHUB_WORKFLOW: undefined, GITHUB_RUN_ID: undefined, ...env, ...extra } }),
    load,
    async runs() {
      const db = await MetricsDatabase.open(await load());
      try {
        return await db.runs(0);
      } finally {
        db.close();
      }
    },
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
