// The report's tables as rows of cells, laid out by the text, markdown and HTML renderers alike.

import { formatDuration, formatValue } from "./format.ts";
import type { MetricsReport } from "./report.ts";

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
}

/** Which repositories the report covers, for its title: owner/name, or "all repositories". */
export function coverage(report: MetricsReport): string {
  return report.repository ?? `all repositories (${report.totals.repositories})`;
}

/** How a workflow is named: its id, or `owner/name id` when the report covers many repositories. */
export function workflowSubject(report: MetricsReport, workflow: { repository: string; workflowId: string }): string {
  return report.repository === null ? `${workflow.repository} ${workflow.workflowId}` : workflow.workflowId;
}

/** The slowest steps of the current run as one sentence, for the words before the tables. */
export function slowestStepsSentence(report: MetricsReport): string | undefined {
  const steps = report.currentRun?.slowestSteps.slice(0, 3) ?? [];
  if (!steps.length) return undefined;
  return `Slowest steps of ${workflowSubject(report, report.currentRun!)} #${report.currentRun!.runId}: ${steps.map((step) => `${step.name} ${formatValue(step.totalMs, "ms")}`).join(", ")}.`;
}

export function reportTables(report: MetricsReport): Table[] {
  const tables: Table[] = [];
  const run = report.currentRun;
  if (run?.slowestSteps.length) {
    tables.push({
      title: `Slowest steps of ${workflowSubject(report, run)} #${run.runId}`,
      headers: ["step", "total", "times"],
      rows: run.slowestSteps.map((step) => [step.name, formatValue(step.totalMs, "ms"), String(step.count)]),
    });
  }
  if (report.repository === null) {
    tables.push({
      title: "Repositories",
      headers: ["repository", "runs", "workflows", "samples"],
      rows: report.repositories.map((r) => [r.repository, String(r.runs), String(r.workflows), String(r.samples)]),
    });
  }
  for (const workflow of report.workflows) {
    const subject = workflowSubject(report, workflow);
    tables.push({
      title: `${subject}: run #${workflow.currentRunId} against ${workflow.runs - 1} earlier runs`,
      headers: ["metric", "this run", "median", "robust z", "trend per run"],
      rows: workflow.metrics.filter((m) => m.current !== null || m.trend).map((m) => [
        m.name,
        formatValue(m.current, m.unit),
        m.median === null ? "–" : formatValue(m.median, m.unit),
        m.z === null ? "–" : formatValue(m.z) + (m.drifting ? " (drift)" : ""),
        m.trend ? `${m.trend.slopePerRun >= 0 ? "+" : ""}${formatValue(m.trend.slopePerRun, m.unit)} (p ${m.trend.pValue.toPrecision(2)})` : "–",
      ]),
    });
    tables.push({
      title: `${subject}: recent runs`,
      headers: ["run", "started", "outcome", "duration", "CPU avg", "memory peak"],
      rows: workflow.history.map((row) => [
        `#${row.runId}${row.attempt > 1 ? ` (attempt ${row.attempt})` : ""}`,
        row.startedAt.replace("T", " ").slice(0, 16),
        row.outcome ?? "–",
        formatDuration(row.durationMs),
        formatValue(row.cpuAvgPercent, "%"),
        formatValue(row.memoryPeakMb, "MB"),
      ]),
    });
  }
  const key = report.keyFigures;
  tables.push({
    title: "Key figures of the fix loop",
    headers: ["figure", "value"],
    rows: [
      ["error resolution rate", formatValue(key.errorResolutionRate, "ratio")],
      ["mean error resolution time", formatValue(key.meanResolutionSeconds, "s")],
      ["retry success rate", formatValue(key.retrySuccessRate, "ratio")],
      ["feedback-loop failure rate", formatValue(key.feedbackLoopFailureRate, "ratio")],
      ["context relevance", formatValue(key.contextRelevance, "ratio")],
      ["error-analysis cache hit rate", cacheCell(key.errorAnalysisCache)],
      ["context cache hit rate", cacheCell(key.contextCache)],
    ],
  });
  return tables;
}

function cacheCell(cache: MetricsReport["keyFigures"]["contextCache"]): string {
  return cache?.lookups ? `${formatValue(cache.hitRate, "ratio")} of ${cache.lookups} lookups` : "–";
}
