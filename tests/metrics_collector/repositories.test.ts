// Runs carry their repository, on SQLite and on PostgreSQL: the natural key includes it, reports read
// the current repository, --repo another and --all-repos every one (each workflow against its own
// repository's history), stores of the previous schema keep their runs and ids, samples go in
// multi-row batches, --migrate-to brings two repositories' files onto one server, and a report over
// many repositories keeps its charts few.

import { afterEach, describe, expect, test } from "bun:test";
import { MetricsDatabase, type MetricReading, type MetricsReport } from "../../scripts/metrics_collector.ts";
import { reportCharts } from "../../scripts/metrics_collector/charts.ts";
import { METRICS_MIGRATIONS } from "../../scripts/metrics_collector/schema.ts";
import type { RunMetadata } from "../../scripts/metrics_collector/run-metadata.ts";
import type { SystemSample } from "../../scripts/metrics_collector/system-sample.ts";
import { openStore } from "../../scripts/lib/storage/open.ts";
import { metricsBackends, metricsProject, type MetricsProject } from "./project.ts";

const backends = metricsBackends("metrics repositories");
let project: MetricsProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const HOUR = 3_600_000;

function meta(runId: string): RunMetadata {
  return { workflowId: "ci", runId, attempt: 1, job: "fix", commit: null, branch: "main", runnerOs: "Linux" };
}

function sample(at: number): SystemSample {
  return {
    at, cpu: [at / 1000, 0, 0, 0, at / 1000], cores: [[at / 2000, 0, 0, 0, at / 2000]], load1: 0.5, memTotal: 2 ** 33, memAvailable: 2 ** 32,
    swapTotal: 0, swapFree: 0, diskTotal: 2 ** 36, diskFree: 2 ** 35, diskRead: at, diskWrite: at, netRx: at, netTx: at, processes: 99,
  };
}

/** Six runs of workflow `ci` in `repository` whose ai.duration_ms sits around `level`. */
async function recordRuns(project: MetricsProject, repository: string, level: number): Promise<void> {
  const db = await MetricsDatabase.open(await project.load({ repository }));
  try {
    const now = Date.now();
    for (let i = 1; i <= 6; i++) {
      const run = await db.ensureRun(meta(String(i)), now - (7 - i) * HOUR);
      const readings: MetricReading[] = [{ name: "ai.duration_ms", kind: "timer", value: level + i, unit: "ms" }];
      await db.recordMetrics(run, readings);
    }
  } finally {
    db.close();
  }
}

interface ReportJson {
  repository: string | null;
  headline: string;
  totals: { repositories: number; runs: number; workflows: number; samples: number };
  repositories: { repository: string; runs: number; workflows: number; samples: number }[];
  workflows: { repository: string; workflowId: string; runs: number; metrics: { name: string; median: number | null; current: number | null }[] }[];
  findings: { repository: string | null }[];
}

async function report(project: MetricsProject, args: string[]): Promise<ReportJson> {
  const run = await project.run(["--report", "--json", ...args]);
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as ReportJson;
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(backend.name, () => {
    test("reports read the current repository, --repo another, --all-repos each repository's workflows apart", async () => {
      project = metricsProject({}, await backend.databaseUrl());
      await recordRuns(project, "acme/widgets", 100);
      await recordRuns(project, "acme/gadgets", 1000);
      // The CLI writes the detected repository (local/<folder>), under the same workflow and run ids.
      expect((await project.run(["--gauge", "ai.turns=3", "--workflow-id", "ci", "--run-id", "1"])).exitCode).toBe(0);
      const own = (await project.load()).repository;

      const current = await report(project, []);
      expect(current.repository).toBe(own);
      expect(current.totals).toEqual({ repositories: 1, runs: 1, workflows: 1, samples: 0 });

      const widgets = await report(project, ["--repo", "acme/widgets"]);
      expect(widgets.repository).toBe("acme/widgets");
      expect(widgets.totals.runs).toBe(6);
      expect(widgets.workflows).toHaveLength(1);
      expect(widgets.workflows[0]!.metrics.find((m) => m.name === "ai.duration_ms")).toMatchObject({ current: 106, median: 103 });

      const all = await report(project, ["--all-repos"]);
      expect(all.repository).toBeNull();
      expect(all.totals).toEqual({ repositories: 3, runs: 13, workflows: 3, samples: 0 });
      expect(all.repositories.map((r) => [r.repository, r.runs])).toEqual([["acme/gadgets", 6], ["acme/widgets", 6], [own, 1]].sort());
      expect(all.headline).toStartWith("13 runs of 3 repositories in 7 d");
      const perRepository = Object.fromEntries(all.workflows.map((w) => [w.repository, { runs: w.runs, median: w.metrics.find((m) => m.name === "ai.duration_ms")?.median ?? null }]));
      // Each workflow "ci" is measured against its own repository's runs only.
      expect(perRepository).toEqual({ "acme/widgets": { runs: 6, median: 103 }, "acme/gadgets": { runs: 6, median: 1003 }, [own]: { runs: 1, median: null } });

      const text = await project.run(["--report", "--all-repos"]);
      expect(text.stdout).toStartWith("Metrics report for all repositories (3), last 7 days: 13 runs of 3 repositories");
      expect(text.stdout).toContain("acme/gadgets ci: run #6 against 5 earlier runs");
      expect(text.stdout).toMatch(/Repositories\n\s+repository\s+runs\s+workflows\s+samples/);
    }, 60_000);

    test("a store of the previous schema keeps its runs and ids; they read as the store's own repository", async () => {
      project = metricsProject({}, await backend.databaseUrl());
      const loaded = await project.load();
      const options = { cacheRoot: loaded.cacheRoot, url: project.databaseUrl ?? null, busyTimeoutMs: 10_000 };
      const old = await openStore("metrics", { ...options, migrations: METRICS_MIGRATIONS.slice(0, 1) });
      const started = Date.now() - HOUR;
      await old.run("INSERT INTO runs (id, workflow_id, run_id, attempt, job, runner_os, started_at) VALUES (41, 'ci', '7', 1, 'fix', 'Linux', ?)", [started]);
      for (const at of [started, started + 1000, started + 2000]) {
        await old.run("INSERT INTO samples VALUES (41, ?, 1, 1, 0, 0, 1, '[]', 0.5, 8, 4, 0, 0, 64, 32, 0, 0, 0, 0, 90)", [at]);
      }
      await old.run("INSERT INTO metrics (run, name, kind, value, count, updated_at) VALUES (41, 'ai.turns', 'gauge', 5, 1, ?)", [started]);
      await old.close();

      const db = await MetricsDatabase.open(loaded);
      try {
        const [run] = await db.runs(0);
        expect(run).toMatchObject({ id: 41, repository: loaded.repository, workflowId: "ci", runId: "7" });
        expect(await db.totals(0)).toEqual([{ repository: loaded.repository, runs: 1, workflows: 1, samples: 3 }]);
        expect((await db.samples(41)).map((s) => s.at)).toEqual([started, started + 1000, started + 2000]);
        expect((await db.runMetrics(41)).map((m) => m.name)).toEqual(["ai.turns"]);
      } finally {
        db.close();
      }
      // The same workflow, run, attempt and job in another repository is another run.
      const other = await MetricsDatabase.open(await project.load({ repository: "acme/widgets" }));
      try {
        expect(await other.ensureRun(meta("7"))).not.toBe(41);
        // Rows from before repositories were recorded belong to the store's own repository, whichever that is.
        expect((await other.runs(0)).map((r) => [r.id === 41, r.repository])).toEqual([[true, "acme/widgets"], [false, "acme/widgets"]]);
      } finally {
        other.close();
      }
    }, 60_000);

    test("samples go in multi-row statements of at most 1,000 rows and the run counts them", async () => {
      project = metricsProject({}, await backend.databaseUrl());
      const db = await MetricsDatabase.open(await project.load());
      try {
        const run = await db.ensureRun(meta("9"));
        const at = Date.now();
        await db.insertSamples(run, Array.from({ length: 2_500 }, (_, i) => sample(at + i * 1000)));
        await db.insertSamples(run, [sample(at + 2_500_000)]);
        const stored = await db.samples(run);
        expect(stored).toHaveLength(2_501);
        expect(stored[1_234]).toEqual(sample(at + 1_234_000));
        expect((await db.totals(0))[0]!.samples).toBe(2_501);
      } finally {
        db.close();
      }
    }, 60_000);
  });
}

describe.skipIf(backends[1]!.skip)("--migrate-to", () => {
  test("two repositories' SQLite stores meet on one server: runs re-numbered, samples and metrics follow", async () => {
    const url = await backends[1]!.databaseUrl();
    const projects = [metricsProject(), metricsProject()];
    try {
      for (const [i, local] of projects.entries()) {
        const db = await MetricsDatabase.open(await local.load({ repository: `acme/r${i}` }));
        const run = await db.ensureRun(meta("1"), Date.now() - HOUR);
        await db.insertSamples(run, [sample(Date.now() - HOUR), sample(Date.now() - HOUR + 1000 * (i + 1))]);
        await db.recordMetrics(run, [{ name: "ai.duration_ms", kind: "timer", value: 100 * (i + 1), unit: "ms" }]);
        db.close();
        const migrated = await local.run(["--repo", `acme/r${i}`, "--migrate-to", url!]);
        expect(migrated.stderr).toBe("");
        expect(migrated.exitCode).toBe(0);
      }
      const onServer = await projects[0]!.run(["--report", "--json", "--all-repos"], { CFO_DATABASE_URL: url });
      const all = JSON.parse(onServer.stdout) as ReportJson;
      expect(all.repositories).toEqual([
        { repository: "acme/r0", runs: 1, workflows: 1, samples: 2 },
        { repository: "acme/r1", runs: 1, workflows: 1, samples: 2 },
      ]);
      expect(all.workflows.map((w) => [w.repository, w.metrics.find((m) => m.name === "ai.duration_ms")?.current])).toEqual([["acme/r0", 100], ["acme/r1", 200]]);
    } finally {
      for (const local of projects) local.cleanup();
    }
  }, 60_000);
});

test("a report over many repositories charts the history of the ten busiest workflows only", () => {
  const history = [1, 2].map((i) => ({ runId: String(i), attempt: 1, startedAt: "2026-01-01T00:00:00.000Z", outcome: "success", durationMs: 60_000 * i, cpuAvgPercent: null, memoryPeakMb: null }));
  const workflows = Array.from({ length: 12 }, (_, i) => ({ repository: `acme/r${i}`, workflowId: "ci", runs: i === 0 ? 1 : 2 + i, currentRunId: "2", metrics: [], history }));
  const report = { repository: null, currentRun: null, workflows } as unknown as MetricsReport;
  const titles = reportCharts(report).map((chart) => chart.title);
  expect(titles).toHaveLength(10);
  expect(titles).not.toContain("acme/r0 ci: run duration per run");
  expect(titles).not.toContain("acme/r1 ci: run duration per run");
  expect(titles[0]).toBe("acme/r2 ci: run duration per run");
});
