// Markdown for $GITHUB_STEP_SUMMARY: findings in words, then mermaid xychart-beta charts (GitHub
// renders them itself, no image service), then the tables.

import { markdownCell } from "../lib/github.ts";
import { reportCharts, type Chart } from "./charts.ts";
import type { MetricsReport } from "./report.ts";
import { coverage, reportTables, slowestStepsSentence, type Table } from "./tables.ts";

export function renderMarkdown(report: MetricsReport): string {
  const parts = [`## Metrics for ${markdownCell(coverage(report))}: last ${report.days} days`, "", markdownCell(report.headline, 400), ""];
  if (report.findings.length) {
    const icon = { error: "🔴", warning: "⚠️", notice: "ℹ️" } as const;
    parts.push("### Findings", "", ...report.findings.map((f) => `- ${icon[f.level]} ${markdownCell(f.message, 400)}`), "");
  }
  const steps = slowestStepsSentence(report);
  if (steps) parts.push(markdownCell(steps, 400), "");
  for (const chart of reportCharts(report)) parts.push(mermaidChart(chart), "");
  for (const table of reportTables(report)) parts.push(markdownTable(table), "");
  return `${parts.join("\n").trimEnd()}\n`;
}

function mermaidChart(chart: Chart): string {
  const max = Math.max(1, ...chart.series.flatMap((s) => s.values));
  const legend = chart.series.length > 1 ? ` — ${chart.series.map((s, i) => `${PALETTE[i % PALETTE.length]!.name} ${s.name}`).join(", ")}` : "";
  return [
    `**${markdownCell(chart.title)}** (${chart.unit})${legend}`,
    "",
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE.map((c) => c.hex).join(", ")}"}}}}%%`,
    "xychart-beta",
    `  x-axis [${chart.labels.map((label) => `"${label.replace(/"/g, "'")}"`).join(", ")}]`,
    `  y-axis "${chart.unit}" 0 --> ${Math.ceil(max * 1.1)}`,
    ...chart.series.map((series) => `  line [${series.values.join(", ")}]`),
    "```",
  ].join("\n");
}

/** Line colours set explicitly, so the legend can name them. */
const PALETTE = [
  { name: "blue", hex: "#2563eb" },
  { name: "green", hex: "#16a34a" },
  { name: "orange", hex: "#ea580c" },
];

function markdownTable(table: Table): string {
  const row = (cells: string[]) => `| ${cells.map((cell) => markdownCell(cell)).join(" | ")} |`;
  return [`#### ${markdownCell(table.title)}`, "", row(table.headers), `|${table.headers.map(() => " --- ").join("|")}|`, ...table.rows.map(row)].join("\n");
}
