// --html FILE: one self-contained page (inline CSS, SVG and a few lines of JS for hover read-outs)
// that works on a runner without internet; nothing is fetched from anywhere.

import { reportCharts, type Chart } from "./charts.ts";
import type { MetricsReport } from "./report.ts";
import { coverage, reportTables, slowestStepsSentence, type Table } from "./tables.ts";

const COLOURS = ["#2563eb", "#16a34a", "#ea580c"];
const WIDTH = 720;
const HEIGHT = 220;
const PAD = 40;

export function renderHtml(report: MetricsReport): string {
  const steps = slowestStepsSentence(report);
  const findings = report.findings.map((f) => `<li class="${f.level}">${escapeHtml(f.message)}</li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cfo metrics report</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#111;max-width:${WIDTH + 80}px}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
li.warning,li.error{color:#b45309}li.error{color:#b91c1c}.chart{position:relative}
.tip{position:absolute;background:#111;color:#fff;padding:.2rem .4rem;border-radius:3px;font-size:12px;pointer-events:none;display:none}
</style></head><body>
<h1>Metrics for ${escapeHtml(coverage(report))}: last ${report.days} days</h1>
<p>${escapeHtml(report.headline)}</p>
${findings ? `<h2>Findings</h2><ul>${findings}</ul>` : "<p>Nothing unusual.</p>"}
${steps ? `<p>${escapeHtml(steps)}</p>` : ""}
${reportCharts(report).map(svgChart).join("\n")}
${reportTables(report).map(htmlTable).join("\n")}
<script>
for (const box of document.querySelectorAll(".chart")) {
  const data = JSON.parse(box.querySelector("script").textContent);
  const svg = box.querySelector("svg"), tip = box.querySelector(".tip"), cursor = box.querySelector(".cursor");
  svg.addEventListener("mousemove", (event) => {
    const rect = svg.getBoundingClientRect();
    const x = (event.clientX - rect.left) * ${WIDTH} / rect.width;
    const i = Math.max(0, Math.min(data.labels.length - 1, Math.round((x - ${PAD}) / data.step)));
    cursor.setAttribute("x1", ${PAD} + i * data.step); cursor.setAttribute("x2", ${PAD} + i * data.step);
    tip.style.display = "block"; tip.style.left = (event.clientX - rect.left + 12) + "px"; tip.style.top = "2rem";
    tip.textContent = data.labels[i] + ": " + data.series.map((s) => s.name + " " + s.values[i] + " " + data.unit).join(", ");
  });
  svg.addEventListener("mouseleave", () => { tip.style.display = "none"; });
}
</script>
</body></html>
`;
}

function svgChart(chart: Chart): string {
  const max = Math.max(1, ...chart.series.flatMap((s) => s.values)) * 1.1;
  const step = (WIDTH - 2 * PAD) / Math.max(1, chart.labels.length - 1);
  const y = (value: number) => (HEIGHT - PAD - ((HEIGHT - 2 * PAD) * value) / max).toFixed(1);
  const lines = chart.series.map(
    (series, i) => `<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2" points="${series.values.map((v, k) => `${(PAD + k * step).toFixed(1)},${y(v)}`).join(" ")}"/>`,
  );
  const legend = chart.series.map((series, i) => `<tspan fill="${COLOURS[i % COLOURS.length]}">■ ${escapeHtml(series.name)} </tspan>`).join("");
  const data = JSON.stringify({ labels: chart.labels, series: chart.series, unit: chart.unit, step }).replace(/</g, "\\u003c");
  return `<h3>${escapeHtml(chart.title)} (${escapeHtml(chart.unit)})</h3>
<div class="chart"><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${escapeHtml(chart.title)}">
<line x1="${PAD}" y1="${HEIGHT - PAD}" x2="${WIDTH - PAD}" y2="${HEIGHT - PAD}" stroke="#999"/>
<line x1="${PAD}" y1="${PAD}" x2="${PAD}" y2="${HEIGHT - PAD}" stroke="#999"/>
<text x="4" y="${PAD}" font-size="11">${formatAxis(max)}</text><text x="4" y="${HEIGHT - PAD}" font-size="11">0</text>
<text x="${PAD}" y="${HEIGHT - 12}" font-size="11">${escapeHtml(chart.labels[0] ?? "")}</text>
<text x="${WIDTH - PAD}" y="${HEIGHT - 12}" font-size="11" text-anchor="end">${escapeHtml(chart.labels[chart.labels.length - 1] ?? "")}</text>
<text x="${PAD}" y="16" font-size="12">${legend}</text>
${lines.join("\n")}
<line class="cursor" x1="-10" y1="${PAD}" x2="-10" y2="${HEIGHT - PAD}" stroke="#888" stroke-dasharray="3"/>
</svg><div class="tip"></div><script type="application/json">${data}</script></div>`;
}

function formatAxis(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function htmlTable(table: Table): string {
  const cells = (row: string[], tag: string) => `<tr>${row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join("")}</tr>`;
  return `<h3>${escapeHtml(table.title)}</h3><table>${cells(table.headers, "th")}${table.rows.map((row) => cells(row, "td")).join("")}</table>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
