// MetricsAnalyzer: per repository, workflow and metric, the current run against its history (robust
// z-score, EWMA drift, degradation against the median) and the trend over the report window (Theil-Sen
// slope, Mann-Kendall significance). Findings come out as sentences with units.

import type { AlertSettings, AnalysisSettings, MetricThreshold } from "./config.ts";
import type { MetricKind, MetricRow, RunRow } from "./database.ts";
import { formatValue } from "./format.ts";
import { ewmaChart, mannKendall, median, robustSigma, robustZ, theilSenSlope } from "./statistics.ts";

/** Trend tests look at the most recent runs only: O(n²) pairs stay cheap over 1,000 runs. */
const TREND_MAX_POINTS = 300;
/** Earlier runs that, with the current one, form the "recent" level for degradation and drift. */
const DRIFT_WINDOW = 5;
/** Standard error of a median relative to σ/√n for normal data. */
const MEDIAN_SE_FACTOR = 1.2533;
/** How many standard errors the recent median must move before a degradation is reported. */
const DEGRADATION_NOISE_MULTIPLE = 3;

export type FindingKind = "anomaly" | "drift" | "degradation" | "trend" | "threshold" | "alert";

export interface Finding {
  level: "error" | "warning" | "notice";
  kind: FindingKind;
  /** null for figures of the whole report (the fix loop's key figures). */
  repository: string | null;
  workflowId: string | null;
  metric: string;
  message: string;
}

export interface Trend {
  points: number;
  /** Theil-Sen slope per run, in the metric's unit. */
  slopePerRun: number;
  pValue: number;
  tau: number;
}

export interface MetricAnalysis {
  repository: string;
  workflowId: string;
  name: string;
  kind: MetricKind;
  unit: string | null;
  runs: number;
  current: number | null;
  median: number | null;
  z: number | null;
  drifting: boolean;
  trend: Trend | null;
}

export interface WorkflowAnalysis {
  repository: string;
  workflowId: string;
  currentRun: RunRow;
  metrics: MetricAnalysis[];
}

interface Series {
  kind: MetricKind;
  unit: string | null;
  points: { run: RunRow; value: number }[];
}

/** Whether a rise is bad (durations, cost, resources) or good (rates such as cache hit rates). */
function higherIsWorse(name: string): boolean {
  return !/_rate$/.test(name);
}

export class MetricsAnalyzer {
  constructor(
    private readonly analysis: AnalysisSettings,
    private readonly alerts: AlertSettings,
    private readonly thresholds: MetricThreshold[],
  ) {}

  /**
   * Analyses every workflow of every repository in `runs` (oldest first): a workflow id is unique only
   * within its repository, so each is measured against its own history. The current run is the
   * latest, or `currentRunId`. With `namesRepository` findings say which repository they are about.
   */
  analyze(runs: RunRow[], metrics: MetricRow[], currentRunId?: string, namesRepository = false): { workflows: WorkflowAnalysis[]; findings: Finding[] } {
    const byRun = new Map<number, MetricRow[]>();
    for (const metric of metrics) {
      const list = byRun.get(metric.run);
      if (list) list.push(metric);
      else byRun.set(metric.run, [metric]);
    }
    const workflows: WorkflowAnalysis[] = [];
    const findings: Finding[] = [];
    for (const workflowRuns of groupBy(runs, (run) => `${run.repository}\n${run.workflowId}`).values()) {
      const { repository, workflowId } = workflowRuns[0]!;
      const subject = namesRepository ? `${repository} ${workflowId}` : workflowId;
      const withMetrics = workflowRuns.filter((run) => byRun.has(run.id));
      const current = [...withMetrics].reverse().find((run) => currentRunId === undefined || run.runId === currentRunId);
      if (!current) continue;
      const series = new Map<string, Series>();
      for (const run of withMetrics) {
        for (const metric of byRun.get(run.id)!) {
          const entry = series.get(metric.name) ?? { kind: metric.kind, unit: metric.unit, points: [] };
          entry.points.push({ run, value: metric.value });
          series.set(metric.name, entry);
        }
      }
      const analyses = [...series].map(([name, entry]) => this.analyzeMetric({ repository, workflowId, subject }, name, entry, current, findings));
      workflows.push({ repository, workflowId, currentRun: current, metrics: analyses.sort((a, b) => a.name.localeCompare(b.name)) });
    }
    return { workflows, findings };
  }

  private analyzeMetric({ repository, workflowId, subject }: WorkflowKey, name: string, series: Series, current: RunRow, findings: Finding[]): MetricAnalysis {
    const at = series.points.findIndex((point) => point.run.id === current.id);
    const value = at >= 0 ? series.points[at]!.value : null;
    const history = (at >= 0 ? series.points.slice(0, at) : series.points).map((point) => point.value);
    const result: MetricAnalysis = { repository, workflowId, name, kind: series.kind, unit: series.unit, runs: series.points.length, current: value, median: null, z: null, drifting: false, trend: null };
    const context: MetricContext = {
      name,
      runId: current.runId,
      show: (v) => formatValue(v, series.unit),
      say: (level, kind, message) => findings.push({ level, kind, repository, workflowId, metric: name, message: `${subject}: ${message}` }),
    };
    if (value !== null) {
      this.checkThresholds(context, value);
      if (history.length >= this.analysis.minHistory) this.compareWithHistory(context, value, history, result);
    }
    result.trend = this.trend(context, series.points.slice(-TREND_MAX_POINTS).map((point) => point.value));
    return result;
  }

  private checkThresholds({ name, runId, show, say }: MetricContext, value: number): void {
    for (const limit of this.thresholds.filter((t) => t.metric === name)) {
      if (limit.max !== undefined && value > limit.max) say(limit.level ?? "warning", "threshold", `${name} = ${show(value)} in run ${runId}, above the limit ${show(limit.max)}`);
      if (limit.min !== undefined && value < limit.min) say(limit.level ?? "warning", "threshold", `${name} = ${show(value)} in run ${runId}, below the limit ${show(limit.min)}`);
    }
  }

  /** This run against the earlier ones (z-score), and the last few runs against the ones before them. */
  private compareWithHistory({ name, runId, show, say }: MetricContext, value: number, history: number[], result: MetricAnalysis): void {
    const { analysis, alerts } = this;
    const center = median(history);
    result.median = center;
    result.z = robustZ(value, history);
    if (Math.abs(result.z) >= analysis.zScoreThreshold) {
      const sigmas = Number.isFinite(result.z) ? `${Math.abs(result.z).toFixed(1)} robust σ` : "far";
      say("warning", "anomaly", `${name} = ${show(value)} in run ${runId}, ${sigmas} ${result.z > 0 ? "above" : "below"} the median ${show(center)} of ${history.length} earlier runs`);
    }
    // Recent runs are compared with the runs before them, so a drift does not pull its own
    // baseline along and one noisy run is not a degradation.
    const baseline = history.slice(0, -DRIFT_WINDOW);
    if (baseline.length < analysis.minHistory) return;
    const recent = [...history.slice(-DRIFT_WINDOW), value];
    const before = median(baseline);
    const now = median(recent);
    const worse = higherIsWorse(name) ? now - before : before - now;
    // Beyond the noise too: the median of n runs varies by about 1.2533·σ/√n by chance alone.
    const noise = (MEDIAN_SE_FACTOR * robustSigma(baseline, before)) / Math.sqrt(recent.length);
    if (before !== 0 && worse / Math.abs(before) > alerts.degradationMax && worse > DEGRADATION_NOISE_MULTIPLE * noise) {
      say("warning", "degradation", `${name} over the last ${recent.length} runs is ${((100 * worse) / Math.abs(before)).toFixed(0)}% worse than over the ${baseline.length} runs before (median ${show(now)} vs ${show(before)})`);
    }
    const chart = ewmaChart(baseline, recent, analysis.ewmaLambda, analysis.ewmaLimit);
    result.drifting = chart.drifting;
    if (chart.drifting) say("notice", "drift", `${name} drifting ${chart.ewma > chart.center ? "up" : "down"}: EWMA ${show(chart.ewma)} against the usual ${show(chart.center)} (band ±${show(chart.limit)})`);
  }

  /** A trend when Mann-Kendall finds one and its Theil-Sen change over the window is large enough. */
  private trend({ name, show, say }: MetricContext, values: number[]): Trend | null {
    const { analysis } = this;
    if (values.length < analysis.trendMinPoints) return null;
    const test = mannKendall(values);
    if (test.pValue >= analysis.trendAlpha) return null;
    const slopePerRun = theilSenSlope(values.map((_, i) => i), values);
    const change = Math.abs(slopePerRun) * (values.length - 1);
    const level = Math.abs(median(values));
    if (level > 0 && change / level < analysis.trendMinChange) return null;
    const direction = test.s > 0 ? "rising" : "falling";
    const bad = test.s > 0 === higherIsWorse(name);
    say(bad ? "warning" : "notice", "trend", `${name} ${direction} by ${show(Math.abs(slopePerRun))} per run, ${show(change)} over ${values.length} runs (Mann-Kendall p = ${test.pValue.toPrecision(2)})`);
    return { points: values.length, slopePerRun, pValue: test.pValue, tau: test.tau };
  }
}

interface WorkflowKey {
  repository: string;
  workflowId: string;
  /** How findings name the workflow: `ci`, or `acme/widgets ci` when the report covers many repositories. */
  subject: string;
}

interface MetricContext {
  name: string;
  runId: string;
  show(value: number): string;
  say(level: Finding["level"], kind: FindingKind, message: string): void;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
