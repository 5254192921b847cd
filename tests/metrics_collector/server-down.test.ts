// Telemetry never breaks the build when the shared server is down: --start and --stop with
// CFO_DATABASE_URL on a port nothing listens on warn, exit 0, and the run lands in the local SQLite
// store (storage falls back to it), where a report without the URL finds its samples.

import { afterEach, expect, test } from "bun:test";
import { readLock } from "../../scripts/metrics_collector/pid-file.ts";
import { readSpool } from "../../scripts/metrics_collector/spool.ts";
import { freePort } from "../helpers/postgres.ts";
import { clusterForSuite } from "../helpers/postgres-suite.ts";
import { eventually, metricsProject, type MetricsProject } from "./project.ts";

const { available: withPostgres, cluster } = clusterForSuite("metrics server-down");

let project: MetricsProject | undefined;
afterEach(() => project?.cleanup());

test("--start/--stop with the server unreachable warn, exit 0 and keep the samples in the local store", async () => {
  project = metricsProject();
  const down = { CFO_DATABASE_URL: `postgres://cfo:secret@127.0.0.1:${await freePort()}/cfo`, CFO__metrics__intervalSeconds: "0.1" };
  const start = await project.run(["--start", "--workflow-id", "ci", "--run-id", "77", "--parent-pid", String(process.pid)], down);
  expect(start.exitCode).toBe(0);
  expect(start.stderr).toContain("warning:");
  expect(start.stderr).not.toContain("secret");
  const lock = readLock(project.lockFile);
  expect(lock).toBeDefined();
  expect(await eventually(() => readSpool(lock!.spool).samples.length >= 3)).toBe(true);

  const stop = await project.run(["--stop", "--outcome", "success"], down);
  expect(stop.exitCode).toBe(0);
  expect(stop.stderr).toContain("warning:");
  expect(stop.stdout).toContain("Run ci #77 closed");

  const report = await project.run(["--report", "--json"], { CFO_DATABASE_URL: undefined });
  expect(report.exitCode).toBe(0);
  const json = JSON.parse(report.stdout) as { totals: { runs: number; samples: number }; currentRun: { runId: string; outcome: string } };
  expect(json.currentRun).toMatchObject({ runId: "77", outcome: "success" });
  expect(json.totals.samples).toBeGreaterThanOrEqual(4);
}, 60_000);

test.skipIf(!withPostgres)("a run begun on the server and stopped while it is down ends up whole on the server once it answers", async () => {
  const url = await cluster().freshDatabase();
  project = metricsProject({}, url);
  const fast = { CFO__metrics__intervalSeconds: "0.1" };
  const start = await project.run(["--start", "--workflow-id", "ci", "--run-id", "78", "--parent-pid", String(process.pid)], fast);
  expect([start.exitCode, start.stderr]).toEqual([0, ""]);
  const lock = readLock(project.lockFile)!;
  expect(await eventually(() => readSpool(lock.spool).samples.length >= 3)).toBe(true);

  const stop = await project.run(["--stop", "--outcome", "failure"], { ...fast, CFO_DATABASE_URL: url.replace(/:(\d+)\//, ":1/") });
  expect(stop.exitCode).toBe(0);
  expect(stop.stderr).toContain("using the local store");

  // The next step reaches the server: the local rows go up first, onto the run --start created there.
  const report = await project.run(["--report", "--json"]);
  expect([report.exitCode, report.stderr]).toEqual([0, ""]);
  const json = JSON.parse(report.stdout) as { totals: { runs: number; samples: number }; currentRun: { runId: string; outcome: string } };
  expect(json.totals.runs).toBe(1);
  expect(json.currentRun).toMatchObject({ runId: "78", outcome: "failure" });
  expect(json.totals.samples).toBeGreaterThanOrEqual(4);
}, 60_000);
