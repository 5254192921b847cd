// --start/--stop across processes with a real detached sampler, on SQLite and on PostgreSQL:
// idempotent start, stop with nothing running, self-exit when the job is gone or the maximum
// duration passes, and telemetry failures that warn instead of breaking the build.

import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isAlive, readLock } from "../../scripts/metrics_collector/pid-file.ts";
import { readSpool } from "../../scripts/metrics_collector/spool.ts";
import { eventually, metricsBackends, metricsProject, type MetricsProject } from "./project.ts";

const backends = metricsBackends("metrics lifecycle");
let project: MetricsProject | undefined;
/** The test's project, removed (and its sampler killed) after the test. */
function kept(created: MetricsProject): MetricsProject {
  return (project = created);
}
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const FAST = { CFO__metrics__intervalSeconds: "0.1", CFO__metrics__flushEverySamples: "2" };

async function runRows(project: MetricsProject): Promise<{ run_id: string; ended_at: number | null; outcome: string | null }[]> {
  return (await project.runs()).map((run) => ({ run_id: run.runId, ended_at: run.endedAt, outcome: run.outcome }));
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(backend.name, () => {
    const fresh = async () => kept(metricsProject({}, await backend.databaseUrl()));

    test("start returns at once, samples in the background, and stop closes the run with a summary", async () => {
      const project = await fresh();
      const began = performance.now();
      const start = await project.run(["--start", "--workflow-id", "ci", "--run-id", "41", "--parent-pid", String(process.pid)], FAST);
      expect(start.stderr).toBe("");
      expect(start.stdout).toContain("sampler started");
      expect(performance.now() - began).toBeLessThan(5_000);
      const lock = readLock(project.lockFile)!;
      expect(isAlive(lock.pid)).toBe(true);
      expect(await eventually(() => readSpool(lock.spool).samples.length >= 4)).toBe(true);

      const again = await project.run(["--start", "--workflow-id", "ci", "--run-id", "41"], FAST);
      expect(again.stdout).toContain(`sampler already running (pid ${lock.pid})`);
      expect(readLock(project.lockFile)!.pid).toBe(lock.pid);

      const stop = await project.run(["--stop", "--outcome", "success", "--json"], FAST);
      expect(stop.exitCode).toBe(0);
      const stopped = JSON.parse(stop.stdout);
      expect(stopped.status).toBe("stopped");
      expect(stopped.samples).toBeGreaterThanOrEqual(5);
      const names = stopped.closed.metrics.map((m: { name: string }) => m.name);
      expect(names).toContain("system.cpu_avg_percent");
      expect(names).toContain("system.memory_peak_mb");
      expect(await eventually(() => !isAlive(lock.pid))).toBe(true);
      expect(existsSync(project.lockFile)).toBe(false);
      expect(existsSync(lock.spool)).toBe(false);
      expect(await runRows(project)).toEqual([{ run_id: "41", ended_at: expect.any(Number), outcome: "success" }]);
    }, 30_000);

    test("stop with nothing running says so and exits 0", async () => {
      const project = await fresh();
      const stop = await project.run(["--stop"]);
      expect(stop.exitCode).toBe(0);
      expect(stop.stdout).toContain("no sampler running");
    }, 30_000);

    test("a sampler whose job is gone ends itself, and the next report closes its run as abandoned", async () => {
      const project = await fresh();
      const job = Bun.spawn(["sleep", "1"]);
      const start = await project.run(["--start", "--workflow-id", "ci", "--run-id", "7", "--parent-pid", String(job.pid)], FAST);
      expect(start.exitCode).toBe(0);
      const lock = readLock(project.lockFile)!;
      await job.exited;
      expect(await eventually(() => !isAlive(lock.pid))).toBe(true);
      expect(readSpool(lock.spool).end).toBe("parent-gone");
      expect(existsSync(project.lockFile)).toBe(false);

      const report = await project.run(["--report", "--json"]);
      expect(report.exitCode).toBe(0);
      expect((await runRows(project))[0]!.outcome).toBe("abandoned");
      expect(readdirSync(join(project.metricsDir, "spool"))).toEqual([]);
    }, 30_000);

    test("a lock left by a killed sampler is stale: the next start replaces it and closes the old run", async () => {
      const project = await fresh();
      await project.run(["--start", "--workflow-id", "ci", "--run-id", "1", "--parent-pid", String(process.pid)], FAST);
      const first = readLock(project.lockFile)!;
      expect(await eventually(() => readSpool(first.spool).samples.length >= 2)).toBe(true);
      process.kill(first.pid, "SIGKILL");
      expect(await eventually(() => !isAlive(first.pid))).toBe(true);
      const again = await project.run(["--start", "--workflow-id", "ci", "--run-id", "2", "--parent-pid", String(process.pid)], FAST);
      expect(again.stdout).toContain("sampler started");
      expect(readLock(project.lockFile)!.pid).not.toBe(first.pid);
      expect(await runRows(project)).toEqual([
        { run_id: "1", ended_at: expect.any(Number), outcome: "abandoned" },
        { run_id: "2", ended_at: null, outcome: null },
      ]);
      expect((await project.run(["--stop"], FAST)).exitCode).toBe(0);
    }, 30_000);

    test("a sampler never stopped exits after metrics.maxDurationHours", async () => {
      const project = await fresh();
      await project.run(["--start", "--workflow-id", "ci", "--run-id", "8", "--parent-pid", String(process.pid)], { ...FAST, CFO__metrics__maxDurationHours: "0.0002" });
      const lock = readLock(project.lockFile)!;
      expect(await eventually(() => !isAlive(lock.pid))).toBe(true);
      expect(readSpool(lock.spool).end).toBe("max-duration");
    }, 30_000);
  });
}

// Once, on SQLite: a cache root that cannot be created (the SQLite file lives there), and a usage error.
test("telemetry failures warn and exit 0; --strict makes them fatal; a report failure is not telemetry", async () => {
  const project = kept(metricsProject());
  writeFileSync(join(project.root, "not-a-dir"), "a file where the cache folder should be");
  const env = { CFO_CACHE_DIR: "not-a-dir" };
  for (const args of [["--start", "--workflow-id", "ci", "--run-id", "1"], ["--stop"], ["--gauge", "x=1", "--workflow-id", "ci", "--run-id", "1"]]) {
    const run = await project.run(args, env);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("warning: metrics_collector:");
    expect(run.stderr).toContain("telemetry never fails the build");
  }
  const strict = await project.run(["--gauge", "x=1", "--workflow-id", "ci", "--run-id", "1", "--strict"], env);
  expect(strict.exitCode).not.toBe(0);
  const report = await project.run(["--report"], env);
  expect(report.exitCode).not.toBe(0);
}, 30_000);

test("--start without a workflow and run id is a usage error under --strict", async () => {
  const project = kept(metricsProject());
  const run = await project.run(["--start", "--strict"]);
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toContain("--start needs --workflow-id ID and --run-id ID");
}, 30_000);
