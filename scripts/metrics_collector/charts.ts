// The charts a report shows, as plain series: the current run's CPU, memory and network over time,
// and per-run duration and resource history of each workflow (of the busiest few, when a report covers
// many repositories). Markdown (mermaid) and HTML (SVG) draw the same series.

import type { MetricsReport } from "./report.ts";
import { workflowSubject } from "./tables.ts";

/** Workflows with history charts: 200 repositories' charts would bury the step summary (the tables list them all). */
const HISTORY_CHART_WORKFLOWS = 10;

export interface Chart {
  id: string;
  title: string;
  unit: string;
  labels: string[];
  series: { name: string; values: number[] }[];
}

export function reportCharts(report: MetricsReport): Chart[] {
  const charts: Chart[] = [];
  const run = report.currentRun;
  if (run && run.timeline.length >= 2) {
    const start = Date.parse(run.startedAt);
    const during = `${workflowSubject(report, run)} #${run.runId}`;
    const labels = run.timeline.map((point) => clock(point.at - start));
    const pick = (key: keyof (typeof run.timeline)[number]) => run.timeline.map((point) => round(point[key]));
    charts.push(
      { id: "run-cpu-memory", title: `CPU and memory during ${during}`, unit: "%", labels, series: [{ name: "CPU", values: pick("cpuPercent") }, { name: "memory", values: pick("memoryPercent") }, { name: "iowait", values: pick("iowaitPercent") }] },
      { id: "run-network", title: `Network during ${during}`, unit: "KB/s", labels, series: [{ name: "received", values: pick("netRxKBps") }, { name: "sent", values: pick("netTxKBps") }] },
      { id: "run-disk", title: `Disk I/O during ${during}`, unit: "KB/s", labels, series: [{ name: "read", values: pick("diskReadKBps") }, { name: "written", values: pick("diskWriteKBps") }] },
    );
  }
  for (const workflow of busiest(report.workflows)) {
    const runs = workflow.history.filter((row) => row.durationMs !== null);
    if (runs.length < 2) continue;
    const labels = runs.map((row) => `#${row.runId}`);
    const subject = workflowSubject(report, workflow);
    charts.push({ id: `history-duration-${charts.length}`, title: `${subject}: run duration per run`, unit: "s", labels, series: [{ name: "duration", values: runs.map((row) => round(row.durationMs! / 1000)) }] });
    if (runs.some((row) => row.cpuAvgPercent !== null)) {
      charts.push({ id: `history-cpu-${charts.length}`, title: `${subject}: average CPU per run`, unit: "%", labels, series: [{ name: "CPU avg", values: runs.map((row) => round(row.cpuAvgPercent ?? 0)) }] });
    }
  }
  return charts;
}

/** The workflows with the most runs, in the report's order. */
function busiest(workflows: MetricsReport["workflows"]): MetricsReport["workflows"] {
  if (workflows.length <= HISTORY_CHART_WORKFLOWS) return workflows;
  const chosen = new Set([...workflows].sort((a, b) => b.runs - a.runs).slice(0, HISTORY_CHART_WORKFLOWS));
  return workflows.filter((workflow) => chosen.has(workflow));
}

/** m:ss since the run started. */
function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
