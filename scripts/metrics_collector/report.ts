// Builds the --report object (schemas/output/metrics_collector.schema.json): findings in words,
// the current run's timeline and slowest steps, per-workflow analysis and per-run history (per
// repository with --all-repos), and the seed's key figures. Everything is aggregated per run
// already and totals are counted in SQL; only one run's samples are read.

import type { LoadedConfig } from "../lib/config/load.ts";
import { MetricsAnalyzer, type Finding, type MetricAnalysis } from "./analyzer.ts";
import type { MetricRow, MetricsDatabase, RepositoryTotals, RunRow } from "./database.ts";
import { formatDuration, formatValue, isoTime } from "./format.ts";
import { keyFigureAlerts, type KeyFigures } from "./key-metrics.ts";
import type { RunMetadata } from "./run-metadata.ts";
import { activeSampler } from "./lifecycle.ts";
import { downsample, timeline, type TimelinePoint } from "./rates.ts";
import { readSpool } from "./spool.ts";

const DAY_MS = 86_400_000;
const TIMELINE_POINTS = 60;
const HISTORY_RUNS = 30;
const SLOWEST_STEPS = 10;

export interface RunSummaryRow {
  runId: string;
  attempt: number;
  startedAt: string;
  outcome: string | null;
  durationMs: number | null;
  cpuAvgPercent: number | null;
  memoryPeakMb: number | null;
}

export interface CurrentRunReport extends RunMetadata {
  repository: string;
  startedAt: string;
  endedAt: string | null;
  outcome: string | null;
  durationMs: number | null;
  timeline: TimelinePoint[];
  slowestSteps: { name: string; totalMs: number; count: number }[];
}

export interface MetricsReport {
  generatedAt: string;
  days: number;
  /** The repository the report covers (the current one, or --repo); null with --all-repos. */
  repository: string | null;
  workflowId: string | null;
  headline: string;
  totals: { repositories: number; runs: number; workflows: number; samples: number };
  /** Per repository with runs in the window. */
  repositories: RepositoryTotals[];
  findings: Finding[];
  currentRun: CurrentRunReport | null;
  workflows: { repository: string; workflowId: string; runs: number; currentRunId: string; metrics: MetricAnalysis[]; history: RunSummaryRow[] }[];
  keyFigures: KeyFigures;
}

export interface ReportRequest {
  days: number;
  workflowId?: string;
  runId?: string;
  now?: number;
}

export async function buildReport(loaded: LoadedConfig, db: MetricsDatabase, keyFigures: KeyFigures, request: ReportRequest): Promise<MetricsReport> {
  const now = request.now ?? Date.now();
  const since = now - request.days * DAY_MS;
  const runs = await db.runs(since, request.workflowId);
  const metrics = await db.metrics(since, request.workflowId);
  const repositories = await db.totals(since, request.workflowId);
  const { analysis, alerts, thresholds } = loaded.config.metrics;
  const analyzed = new MetricsAnalyzer(analysis, alerts, thresholds).analyze(runs, metrics, request.runId, loaded.allRepos);
  const findings = [...keyFigureAlerts(keyFigures, alerts), ...analyzed.findings];
  const byRun = metricsByRun(metrics);
  const latest = analyzed.workflows.map((w) => w.currentRun).sort((a, b) => b.startedAt - a.startedAt)[0];
  const currentRun = latest ? await currentRunReport(loaded, db, latest, byRun.get(latest.id) ?? new Map()) : null;
  const report: MetricsReport = {
    generatedAt: new Date(now).toISOString(),
    days: request.days,
    repository: loaded.allRepos ? null : loaded.repository,
    workflowId: request.workflowId ?? null,
    headline: "",
    totals: {
      repositories: repositories.length,
      runs: runs.length,
      workflows: sum(repositories.map((r) => r.workflows)),
      samples: sum(repositories.map((r) => r.samples)),
    },
    repositories,
    findings: findings.sort((a, b) => levelRank(a.level) - levelRank(b.level)),
    currentRun,
    workflows: analyzed.workflows.map((workflow) => {
      const workflowRuns = runs.filter((run) => run.workflowId === workflow.workflowId && run.repository === workflow.repository);
      return {
        repository: workflow.repository,
        workflowId: workflow.workflowId,
        runs: workflowRuns.length,
        currentRunId: workflow.currentRun.runId,
        metrics: workflow.metrics,
        history: workflowRuns.slice(-HISTORY_RUNS).map((run) => runSummary(run, byRun.get(run.id) ?? new Map())),
      };
    }),
    keyFigures,
  };
  report.headline = headline(report);
  return report;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function metricsByRun(metrics: MetricRow[]): Map<number, Map<string, MetricRow>> {
  const byRun = new Map<number, Map<string, MetricRow>>();
  for (const metric of metrics) {
    const named = byRun.get(metric.run) ?? new Map<string, MetricRow>();
    named.set(metric.name, metric);
    byRun.set(metric.run, named);
  }
  return byRun;
}

function runSummary(run: RunRow, metrics: Map<string, MetricRow>): RunSummaryRow {
  const value = (name: string) => metrics.get(name)?.value ?? null;
  return {
    runId: run.runId,
    attempt: run.attempt,
    startedAt: isoTime(run.startedAt)!,
    outcome: run.outcome,
    durationMs: value("run.duration_ms"),
    cpuAvgPercent: value("system.cpu_avg_percent"),
    memoryPeakMb: value("system.memory_peak_mb"),
  };
}

async function currentRunReport(loaded: LoadedConfig, db: MetricsDatabase, run: RunRow, named: Map<string, MetricRow>): Promise<CurrentRunReport> {
  // A run still being sampled has its samples in the sampler's spool, not yet in the database.
  const active = activeSampler(loaded);
  const samples = active?.run === run.id ? readSpool(active.spool).samples : await db.samples(run.id);
  const steps = [...named.values()]
    .filter((metric) => metric.kind === "timer")
    .sort((a, b) => b.value - a.value)
    .slice(0, SLOWEST_STEPS)
    .map((metric) => ({ name: metric.name, totalMs: metric.value, count: metric.count }));
  return {
    repository: run.repository,
    workflowId: run.workflowId,
    runId: run.runId,
    attempt: run.attempt,
    job: run.job,
    commit: run.commit,
    branch: run.branch,
    runnerOs: run.runnerOs,
    startedAt: isoTime(run.startedAt)!,
    endedAt: isoTime(run.endedAt),
    outcome: run.outcome,
    durationMs: run.endedAt === null ? null : run.endedAt - run.startedAt,
    timeline: downsample(timeline(samples), TIMELINE_POINTS),
    slowestSteps: steps,
  };
}

function levelRank(level: Finding["level"]): number {
  return level === "error" ? 0 : level === "warning" ? 1 : 2;
}

/** The one-line `metrics-summary` output. */
function headline(report: MetricsReport): string {
  const count = (level: Finding["level"], noun: string) => {
    const n = report.findings.filter((f) => f.level === level).length;
    return n ? `${n} ${noun}${n === 1 ? "" : "s"}` : "";
  };
  const serious = [count("error", "error"), count("warning", "warning")].filter(Boolean).join(", ");
  const { totals } = report;
  const parts = [report.repository === null ? `${totals.runs} runs of ${totals.repositories} repositories in ${report.days} d` : `${totals.runs} runs in ${report.days} d`];
  const run = report.currentRun;
  if (run) {
    const workflow = report.workflows.find((w) => w.workflowId === run.workflowId && w.repository === run.repository);
    const figure = (name: string) => workflow?.metrics.find((m) => m.name === name);
    const cpu = figure("system.cpu_avg_percent");
    const memory = figure("system.memory_peak_mb");
    const figures = [
      run.durationMs === null ? "" : formatDuration(run.durationMs),
      cpu?.current != null ? `CPU avg ${formatValue(cpu.current, "%")}` : "",
      memory?.current != null ? `memory peak ${formatValue(memory.current, "MB")}` : "",
    ];
    const shown = figures.filter(Boolean);
    const subject = report.repository === null ? `${run.repository} ${run.workflowId}` : run.workflowId;
    parts.push(`last ${subject} #${run.runId}${shown.length ? `: ${shown.join(", ")}` : ""}`);
  }
  parts.push(serious ? `${serious} (${report.findings[0]!.kind}: ${report.findings[0]!.metric})` : "no warnings");
  return parts.join("; ");
}
