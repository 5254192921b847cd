// --report over a real database, on SQLite and on PostgreSQL: JSON that follows the output schema,
// markdown with mermaid charts for the step summary, a self-contained HTML file, and the
// metrics-summary output in Actions.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Ajv } from "ajv";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MetricsDatabase } from "../../scripts/metrics_collector.ts";
import { closeRun } from "../../scripts/metrics_collector/close-run.ts";
import type { SystemSample } from "../../scripts/metrics_collector/system-sample.ts";
import { repoRoot } from "../helpers/run.ts";
import { metricsBackends, metricsProject, type MetricsProject } from "./project.ts";

const backends = metricsBackends("metrics report");
const HOUR = 3_600_000;

/** A run of `count` samples one second apart: CPU busy `busyShare`, network growing 1 MB/s. */
function samples(startedAt: number, count: number, busyShare: number): SystemSample[] {
  return Array.from({ length: count }, (_, i) => ({
    at: startedAt + i * 1000,
    cpu: [100 * i * busyShare, 0, 0, 0, 100 * i * (1 - busyShare)],
    cores: [[50 * i * busyShare, 0, 0, 0, 50 * i * (1 - busyShare)]],
    load1: 1,
    memTotal: 8 * 2 ** 30,
    memAvailable: 6 * 2 ** 30 - i * 2 ** 20,
    swapTotal: 0,
    swapFree: 0,
    diskTotal: 100 * 2 ** 30,
    diskFree: 50 * 2 ** 30,
    diskRead: i * 2 ** 19,
    diskWrite: i * 2 ** 20,
    netRx: i * 2 ** 20,
    netTx: i * 2 ** 18,
    processes: 120,
  }));
}

function schemaErrors(value: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, "schemas/output/metrics_collector.schema.json"), "utf8")));
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(backend.name, () => {
    let project: MetricsProject;
    beforeAll(async () => {
      project = metricsProject({}, await backend.databaseUrl());
      const db = await MetricsDatabase.open(await project.load());
      const now = Date.now();
      for (let i = 0; i < 10; i++) {
        const startedAt = now - (10 - i) * HOUR;
        const meta = { workflowId: "ci<script>", runId: String(500 + i), attempt: 1, job: "fix", commit: "abc", branch: "main", runnerOs: "Linux" };
        const run = await db.ensureRun(meta, startedAt);
        const slow = i === 9;
        await closeRun(db, run, {
          samples: samples(startedAt, 120, slow ? 0.9 : 0.3),
          readings: [
            { name: "step.ai_fix", kind: "timer", value: slow ? 300_000 : 60_000 + i * 100, unit: "ms" },
            { name: "step.tests", kind: "timer", value: 20_000, unit: "ms" },
            { name: "ai.cost_usd", kind: "gauge", value: 0.5, unit: "USD" },
          ],
          outcome: "success",
          endedAt: startedAt + 120_000,
        });
      }
      db.close();
    }, 30_000);
    afterAll(() => project.cleanup());

    test("--report --json follows the output schema and finds the slow run in words", async () => {
      const run = await project.run(["--report", "--json", "--days", "2"]);
      expect(run.exitCode).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(schemaErrors(report)).toEqual([]);
      expect(report.totals).toEqual({ repositories: 1, runs: 10, workflows: 1, samples: 1200 });
      const repository = (await project.load()).repository;
      expect(repository).toMatch(/^local\/cfo-metrics-/);
      expect(report.repository).toBe(repository);
      expect(report.repositories).toEqual([{ repository, runs: 10, workflows: 1, samples: 1200 }]);
      expect(report.workflows.map((w: { repository: string }) => w.repository)).toEqual([repository]);
      expect(report.currentRun.runId).toBe("509");
      expect(report.currentRun.timeline.length).toBe(60);
      expect(report.currentRun.timeline[10].cpuPercent).toBeCloseTo(90, 5);
      expect(report.currentRun.timeline[10].netRxKBps).toBeCloseTo(1024, 5);
      expect(report.currentRun.slowestSteps[0]).toEqual({ name: "step.ai_fix", totalMs: 300_000, count: 1 });
      const anomalies = report.findings.filter((f: { kind: string }) => f.kind === "anomaly").map((f: { metric: string }) => f.metric);
      expect(anomalies).toContain("step.ai_fix");
      expect(anomalies).toContain("system.cpu_avg_percent");
      expect(report.headline).toContain("10 runs in 2 d; last ci<script> #509: 2 min 0 s, CPU avg 90.00%");
    }, 30_000);

    test("the text report puts findings before the tables", async () => {
      const run = await project.run(["--report"]);
      expect(run.stdout.indexOf("Findings:")).toBeGreaterThan(0);
      expect(run.stdout.indexOf("Findings:")).toBeLessThan(run.stdout.indexOf("Slowest steps"));
      expect(run.stdout).toContain("step.ai_fix");
    }, 30_000);

    test("in Actions: metrics-summary output, a markdown step summary with mermaid charts, annotations", async () => {
      const output = join(project.root, "github-output.txt");
      const summary = join(project.root, "step-summary.md");
      writeFileSync(output, "");
      writeFileSync(summary, "");
      const run = await project.run(["--report"], { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary });
      expect(run.exitCode).toBe(0);
      expect(readFileSync(output, "utf8")).toMatch(/^metrics-summary<<.+\n10 runs in 7 d; last ci<script> #509/m);
      const markdown = readFileSync(summary, "utf8");
      expect(markdown).toContain("```mermaid\n%%{init:");
      expect(markdown).toContain("xychart-beta");
      expect(markdown).toMatch(/line \[[\d., ]+\]/);
      expect(markdown.indexOf("### Findings")).toBeLessThan(markdown.indexOf("```mermaid"));
      expect(markdown).toContain("ci&lt;script&gt;");
      expect(run.stdout).toContain("::warning title=metrics%3A anomaly::");
    }, 30_000);

    test("--html writes one self-contained file: inline SVG charts and script, no external references", async () => {
      const file = join(project.root, "metrics.html");
      const run = await project.run(["--report", "--html", file]);
      expect(run.exitCode).toBe(0);
      const html = readFileSync(file, "utf8");
      expect(html).toContain("<svg");
      expect(html).toContain("<polyline");
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/<(link|img|iframe)\b|src=/);
      expect(html).not.toContain("<script>alert");
      expect(html).toContain("ci&lt;script&gt;");
      const code = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
      expect(() => new Function(code)).not.toThrow();
      for (const [, json] of html.matchAll(/<script type="application\/json">([\s\S]*?)<\/script>/g)) expect(JSON.parse(json!).labels.length).toBeGreaterThan(1);
    }, 30_000);

    test("a threshold with level error fails the report step (exit 1); warnings never do", async () => {
      const failing = await project.run(["--report"], { CFO__metrics__thresholds: '[{"metric": "step.ai_fix", "max": 120000, "level": "error"}]' });
      expect(failing.exitCode).toBe(1);
      expect(failing.stdout).toContain("1 error, 3 warnings (threshold: step.ai_fix)");
      expect(failing.stdout).toContain("error   ci<script>: step.ai_fix = 300.0 s in run 509, above the limit 120.0 s");
      const warning = await project.run(["--report"], { CFO__metrics__thresholds: '[{"metric": "step.ai_fix", "max": 120000}]' });
      expect(warning.exitCode).toBe(0);
    }, 30_000);

    test("--cleanup removes runs past retention and compacts", async () => {
      const run = await project.run(["--cleanup", "--json"], { CFO__storage__retentionDays__metrics: "0.2" });
      expect(run.exitCode).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.deletedRows.runs).toBe(6);
      expect(result.deletedRows.samples).toBe(720);
    }, 30_000);
  });
}
