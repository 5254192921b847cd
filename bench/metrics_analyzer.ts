// Accuracy of MetricsAnalyzer on synthetic run histories with known injected shifts, drifts and
// trends (noise with 5% heavy outliers, as CI timings have): detection rate and false-alarm rate,
// beside the classic mean ± 3·stddev rule on the same series.
// Usage: bun bench/metrics_analyzer.ts [--trials 1000]

import { parseArgs } from "node:util";
import { loadConfig } from "../scripts/lib/config/load.ts";
import { MetricsAnalyzer, type FindingKind } from "../scripts/metrics_collector.ts";
import type { MetricRow, RunRow } from "../scripts/metrics_collector/database.ts";

const { values } = parseArgs({ options: { trials: { type: "string" } } });
const trials = Number(values.trials ?? 1000);
const HISTORY = 20;
const SIGMA = 10;

let seed = 12345;
function uniform(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return (seed + 0.5) / 2 ** 31;
}
function gaussian(): number {
  return Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
/** CI-like noise: normal, with 5% of runs 3-6 sigma slow (a cold cache, a noisy neighbour). */
function noise(): number {
  return uniform() < 0.05 ? SIGMA * (3 + 3 * uniform()) : SIGMA * gaussian();
}

function asRuns(series: number[]): { runs: RunRow[]; metrics: MetricRow[] } {
  const runs = series.map((_, i): RunRow => ({ id: i + 1, repository: "acme/widgets", workflowId: "ci", runId: String(i + 1), attempt: 1, job: "", commit: null, branch: null, runnerOs: "linux", startedAt: i * 3_600_000, endedAt: null, outcome: null }));
  return { runs, metrics: series.map((value, i): MetricRow => ({ run: i + 1, name: "step.build", kind: "timer", value, count: 1, unit: "ms" })) };
}

const { analysis, alerts } = (await loadConfig({ projectRoot: import.meta.dir, env: {} })).config.metrics;
const analyzer = new MetricsAnalyzer(analysis, alerts, []);
function flagged(series: number[], kind: FindingKind): boolean {
  const { runs, metrics } = asRuns(series);
  return analyzer.analyze(runs, metrics).findings.some((finding) => finding.kind === kind);
}
function classicFlag(series: number[]): boolean {
  const history = series.slice(0, -1);
  const mean = history.reduce((a, b) => a + b, 0) / history.length;
  const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / (history.length - 1));
  return Math.abs(series[series.length - 1]! - mean) > 3 * sd;
}

function rate(make: () => number[], detect: (series: number[]) => boolean): number {
  let hits = 0;
  for (let t = 0; t < trials; t++) if (detect(make())) hits++;
  return hits / trials;
}
const pct = (value: number) => `${(100 * value).toFixed(1)}%`;
const baseline = (n: number) => Array.from({ length: n }, () => 100 + noise());

console.log(`${trials} trials per row; history of ${HISTORY} runs, sigma ${SIGMA} ms, 5% outliers; settings from config/metrics.yaml`);
console.log("\nOne-run shift (robust z >= " + analysis.zScoreThreshold + " vs classic mean ± 3 sd):");
const currentOnly = (shift: number) => () => [...baseline(HISTORY), 100 + shift * SIGMA + SIGMA * gaussian()];
for (const shift of [0, 3, 5, 8]) {
  const label = shift === 0 ? "no shift (false alarms)" : `shift +${shift} sigma (detection)`;
  console.log(`  ${label.padEnd(28)} cfo ${pct(rate(currentOnly(shift), (s) => flagged(s, "anomaly"))).padStart(6)}   classic ${pct(rate(currentOnly(shift), classicFlag)).padStart(6)}`);
}

console.log("\nSustained small shift over the last 5 runs (EWMA drift):");
const sustained = (shift: number) => () => [...baseline(HISTORY - 4), ...Array.from({ length: 5 }, () => 100 + shift * SIGMA + SIGMA * gaussian())];
for (const shift of [0, 1, 2]) {
  const label = shift === 0 ? "no shift (false alarms)" : `shift +${shift} sigma (detection)`;
  console.log(`  ${label.padEnd(28)} cfo ${pct(rate(sustained(shift), (s) => flagged(s, "drift")))}`);
}

console.log("\nDegradation: the last 6 runs slower by a share of the 100 ms level (rule: > " + alerts.degradationMax * 100 + "% and beyond noise):");
const slower = (share: number) => () => [...baseline(HISTORY - 5), ...Array.from({ length: 6 }, () => 100 * (1 + share) + noise())];
for (const share of [0, 0.1, 0.3, 0.5]) {
  const label = share === 0 ? "no change (false alarms)" : `+${share * 100}% (${share > alerts.degradationMax ? "detection" : "must stay quiet"})`;
  console.log(`  ${label.padEnd(28)} cfo ${pct(rate(slower(share), (s) => flagged(s, "degradation")))}`);
}

console.log("\nTrend over 20 runs (Mann-Kendall p < " + analysis.trendAlpha + "):");
const trending = (slope: number) => () => Array.from({ length: HISTORY }, (_, i) => 100 + slope * SIGMA * i + noise());
for (const slope of [0, 0.1, 0.2, 0.4]) {
  const label = slope === 0 ? "no trend (false alarms)" : `+${slope} sigma/run (detection)`;
  console.log(`  ${label.padEnd(28)} cfo ${pct(rate(trending(slope), (s) => flagged(s, "trend")))}`);
}
