// The in-process API, on SQLite and on PostgreSQL: timers (with `using` and try/finally), counters,
// gauges, custom metrics from YAML and TypeScript plugins, recordRunMetrics, and --gauge/--timer
// from the command line.

import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { AdvancedMetricsCollector, MetricsDatabase, recordRunMetrics } from "../../scripts/metrics_collector.ts";
import { metricsBackends, metricsProject, type MetricsProject } from "./project.ts";

const backends = metricsBackends("metrics tracker");
let project: MetricsProject;
afterEach(() => project.cleanup());

async function storedMetrics(project: MetricsProject): Promise<Record<string, { value: number; count: number; kind: string; unit: string | null }>> {
  const db = await MetricsDatabase.open(await project.load());
  try {
    const rows = await db.metrics(0);
    return Object.fromEntries(rows.map((row) => [row.name, { value: row.value, count: row.count, kind: row.kind, unit: row.unit }]));
  } finally {
    db.close();
  }
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(backend.name, () => {
    test("timers, counters and gauges of a tracked run land in the database with the system summary", async () => {
      project = metricsProject({}, await backend.databaseUrl());
      const collector = new AdvancedMetricsCollector(project.root, await project.load());
      const tracker = collector.startTracking("ci", "100");
      {
        using _build = tracker.timer("step.build");
        await Bun.sleep(30);
      }
      const test = tracker.timer("step.test");
      try {
        await Bun.sleep(10);
      } finally {
        test.stop();
      }
      expect(test.stop()).toBe(test.stop());
      tracker.increment("files.changed");
      tracker.increment("files.changed", 2);
      tracker.setGauge("ai.turns", 3);
      tracker.setGauge("ai.turns", 7);
      tracker.record("queue.wait", 1.5, "s");
      const closed = await collector.stopTracking("success");
      expect(closed.run.outcome).toBe("success");

      const metrics = await storedMetrics(project);
      expect(metrics["step.build"]!.value).toBeGreaterThanOrEqual(29);
      expect(metrics["step.build"]).toMatchObject({ kind: "timer", unit: "ms", count: 1 });
      expect(metrics["step.test"]!.value).toBeGreaterThanOrEqual(9);
      expect(metrics["files.changed"]).toMatchObject({ value: 3, kind: "counter" });
      expect(metrics["ai.turns"]).toMatchObject({ value: 7, kind: "gauge", unit: "turns" });
      expect(metrics["queue.wait"]).toMatchObject({ value: 1.5, unit: "s" });
      expect(metrics["run.duration_ms"]!.value).toBeGreaterThanOrEqual(40);
      expect(metrics["system.memory_peak_mb"]!.value).toBeGreaterThan(0);
    });

    test("custom metrics from a YAML plugin (command and file) and a TypeScript collector are recorded at stop", async () => {
      project = metricsProject(
        {
          "plugins/queue.yaml": [
            "name: queue",
            "metrics:",
            "  custom:",
            "    - id: queue.depth",
            "      command: echo depth 42",
            "      unit: jobs",
            "    - id: build.cache_mb",
            "      file: cache-size.txt",
            "      unit: MB",
            "    - id: broken.metric",
            "      command: exit 3",
          ].join("\n"),
          "cache-size.txt": "812.5\n",
          "plugins/flaky.ts": [
            `import { definePlugin } from ${JSON.stringify(join(import.meta.dir, "../../scripts/lib/plugin.ts"))};`,
            "export default definePlugin({ name: 'flaky', metricCollectors: { flaky: () => ({ quarantined: 4 }) } });",
          ].join("\n"),
        },
        await backend.databaseUrl(),
      );
      const collector = new AdvancedMetricsCollector(project.root, await project.load());
      collector.startTracking("ci", "101");
      await collector.stopTracking();
      const metrics = await storedMetrics(project);
      expect(metrics["queue.depth"]).toMatchObject({ value: 42, unit: "jobs", kind: "gauge" });
      expect(metrics["build.cache_mb"]).toMatchObject({ value: 812.5, unit: "MB" });
      expect(metrics["flaky.quarantined"]!.value).toBe(4);
      expect(metrics["broken.metric"]).toBeUndefined();
    });

    test("recordRunMetrics adds the AI step's figures to the run, with units", async () => {
      project = metricsProject({}, await backend.databaseUrl());
      const loaded = await project.load();
      await recordRunMetrics(loaded, { workflowId: "ci", runId: "102", gauges: { "ai.turns": 9, "ai.cost_usd": 0.42, "ai.cache_hit_rate": 0.8 }, timers: { "ai.duration_ms": 5000 } });
      await recordRunMetrics(loaded, { workflowId: "ci", runId: "102", gauges: {}, timers: { "ai.duration_ms": 1000 } });
      const metrics = await storedMetrics(project);
      expect(metrics["ai.cost_usd"]).toMatchObject({ value: 0.42, unit: "USD" });
      expect(metrics["ai.cache_hit_rate"]!.unit).toBe("ratio");
      expect(metrics["ai.duration_ms"]).toMatchObject({ value: 6000, count: 2, kind: "timer" });
    });

    test("--gauge and --timer record from shell steps; a malformed gauge is refused", async () => {
      project = metricsProject({}, await backend.databaseUrl());
      const ids = ["--workflow-id", "ci", "--run-id", "103"];
      expect((await project.run(["--gauge", "ai.turns=12", "--gauge", "tests.failed=0", ...ids])).exitCode).toBe(0);
      expect((await project.run(["--timer", "build", "--duration-ms", "84000", ...ids])).exitCode).toBe(0);
      expect((await project.run(["--timer", "build", "--duration-ms", "1000", ...ids])).exitCode).toBe(0);
      const metrics = await storedMetrics(project);
      expect(metrics["ai.turns"]!.value).toBe(12);
      expect(metrics["tests.failed"]!.value).toBe(0);
      expect(metrics.build).toMatchObject({ value: 85000, count: 2, unit: "ms" });
      const bad = await project.run(["--gauge", "oops", ...ids, "--strict"]);
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toContain('--gauge takes name=number, got "oops"');
    }, 30_000);

    test("inside Actions the run's metadata comes from GITHUB_* variables; --job overrides", async () => {
      project = metricsProject({}, await backend.databaseUrl());
      const env = { GITHUB_WORKFLOW: "CI", GITHUB_RUN_ID: "9001", GITHUB_RUN_ATTEMPT: "2", GITHUB_JOB: "build", GITHUB_SHA: "abc123", GITHUB_REF_NAME: "main", RUNNER_OS: "Linux" };
      expect((await project.run(["--gauge", "ai.turns=4"], env)).exitCode).toBe(0);
      expect((await project.run(["--gauge", "ai.turns=5", "--job", "fix"], env)).exitCode).toBe(0);
      const db = await MetricsDatabase.open(await project.load());
      try {
        const runs = await db.runs(0);
        expect(runs.map(({ workflowId, runId, attempt, job, commit, branch, runnerOs }) => ({ workflowId, runId, attempt, job, commit, branch, runnerOs }))).toEqual([
          { workflowId: "CI", runId: "9001", attempt: 2, job: "build", commit: "abc123", branch: "main", runnerOs: "Linux" },
          { workflowId: "CI", runId: "9001", attempt: 2, job: "fix", commit: "abc123", branch: "main", runnerOs: "Linux" },
        ]);
      } finally {
        db.close();
      }
    }, 30_000);
  });
}
