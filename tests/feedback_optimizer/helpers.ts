// Shared set-up for the feedback_optimizer suites: a project dir with its own cache root, the loaded
// configuration for in-process calls, and the env that points subprocesses at the same cache.

import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type LoadedConfig } from "../../scripts/lib/config/load.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";
import { repoRoot, tempDir } from "../helpers/run.ts";

/** Subprocess tests on a busy 2-core machine can pass bun's 5 s default (bunfig's timeout is not applied). */
export const SUBPROCESS_TIMEOUT_MS = 60_000;

export interface FeedbackProject {
  root: string;
  cacheDir: string;
  env: Record<string, string | undefined>;
  load(overrides?: Record<string, string>): Promise<LoadedConfig>;
  cleanup(): void;
}

/** A project on the embedded SQLite store, or on a PostgreSQL database when `databaseUrl` is given. */
export function feedbackProject(databaseUrl?: string): FeedbackProject {
  const dir = tempDir("cfo-feedback-");
  const cacheDir = join(dir.path, "cache");
  const database = databaseUrl ? { CFO_DATABASE_URL: databaseUrl } : {};
  const env = {
    ...database, CFO_CACHE_DIR: cacheDir, GITHUB_SHA: undefined, GITHUB_RUN_ID: undefined, GITHUB_WORKFLOW: undefined, GITHUB_RUN_ATTEMPT: undefined, GITHUB_JOB: undefined, GITHUB_EVENT_PATH: undefined };
  return {
    root: dir.path,
    cacheDir,
    env,
    load: (overrides = {}) => loadConfig({ projectRoot: dir.path, env: { CFO_CACHE_DIR: cacheDir, ...database, ...overrides } }),
    cleanup: dir.cleanup,
  };
}

export interface Backend {
  name: "sqlite" | "postgres";
  /** True when the backend cannot run here (PostgreSQL's binaries missing): describe.skipIf(backend.skip). */
  skip: boolean;
  /** A new project on a new store: a fresh SQLite cache dir, or a fresh database in the suite's cluster. */
  project(): Promise<FeedbackProject>;
  /** A store URL for CFO_DATABASE_URL ({} on SQLite), for runs that share one store across projects. */
  database(): Promise<Record<string, string>>;
}

/** The two backends a suite runs on; call at the top level of a test file (it starts the suite's cluster). */
export function backendsForSuite(suite: string): Backend[] {
  const { available, cluster } = clusterForSuite(suite);
  return [
    { name: "sqlite", skip: false, project: async () => feedbackProject(), database: async () => ({}) },
    {
      name: "postgres",
      skip: !available,
      project: async () => feedbackProject(await cluster().freshDatabase()),
      database: async () => ({ CFO_DATABASE_URL: await cluster().freshDatabase() }),
    },
  ];
}

/** Validates against schemas/output/feedback_optimizer.schema.json; returns ajv's errors or []. */
export function outputSchemaErrors(value: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, "schemas/output/feedback_optimizer.schema.json"), "utf8")));
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
