// Terminal rendering of the report and of the --stop summary: words first, then aligned tables.

import type { ClosedRun } from "./close-run.ts";
import { formatDuration, formatValue } from "./format.ts";
import type { MetricsReport } from "./report.ts";
import { coverage, reportTables, slowestStepsSentence, type Table } from "./tables.ts";

export function renderText(report: MetricsReport): string {
  const lines = [`Metrics report for ${coverage(report)}, last ${report.days} days: ${report.headline}`, ""];
  if (report.findings.length) {
    lines.push("Findings:", ...report.findings.map((f) => `  ${f.level.padEnd(7)} ${f.message}`), "");
  } else {
    lines.push(report.totals.runs ? "Findings: nothing unusual." : "No runs recorded yet: use --start/--stop or --gauge in the workflow.", "");
  }
  const steps = slowestStepsSentence(report);
  if (steps) lines.push(steps, "");
  for (const table of reportTables(report)) lines.push(...textTable(table), "");
  return `${lines.join("\n").trimEnd()}\n`;
}

export function renderStopSummary(closed: ClosedRun, samples: number): string {
  const { run, metrics } = closed;
  const lines = [`Run ${run.workflowId} #${run.runId} closed: ${formatDuration(run.endedAt! - run.startedAt)}, ${samples} system samples${run.outcome ? `, ${run.outcome}` : ""}`];
  for (const metric of [...metrics].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`  ${metric.name.padEnd(28)} ${formatValue(metric.value, metric.unit)}`);
  }
  return `${lines.join("\n")}\n`;
}

function textTable(table: Table): string[] {
  const widths = table.headers.map((header, i) => Math.max(header.length, ...table.rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  return [table.title, line(table.headers), line(widths.map((w) => "-".repeat(w))), ...table.rows.map(line)];
}
