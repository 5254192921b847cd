// The statistics on series with known answers, and the analyzer's findings on runs with a known
// shift, a known trend, and none; the seed's alert rules on the key figures.

import { describe, expect, test } from "bun:test";
import { MetricsAnalyzer } from "../../scripts/metrics_collector.ts";
import type { MetricRow, RunRow } from "../../scripts/metrics_collector/database.ts";
import { keyFigureAlerts, type KeyFigures } from "../../scripts/metrics_collector/key-metrics.ts";
import { ewmaChart, mannKendall, median, normalCdf, robustZ, theilSenSlope } from "../../scripts/metrics_collector/statistics.ts";

describe("statistics", () => {
  test("robust z-score: median/MAD, the mean-deviation fallback when MAD is 0, and a flat history", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(robustZ(16, [10, 11, 9, 10, 12, 10, 8])).toBeCloseTo(6 / 1.4826, 4);
    expect(robustZ(6, [5, 5, 5, 5, 6])).toBeCloseTo(1 / (1.2533 * 0.2), 4);
    expect(robustZ(3, [3, 3, 3])).toBe(0);
    expect(robustZ(4, [3, 3, 3])).toBe(Number.POSITIVE_INFINITY);
    expect(robustZ(2, [3, 3, 3])).toBe(Number.NEGATIVE_INFINITY);
  });

  test("Mann-Kendall: S, variance with ties, z and p on hand-computed series", () => {
    const rising = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rising.s).toBe(45);
    expect(rising.z).toBeCloseTo(44 / Math.sqrt(125), 6);
    expect(rising.tau).toBe(1);
    expect(rising.pValue).toBeLessThan(1e-4);
    const tied = mannKendall([1, 2, 2, 3]);
    expect(tied.s).toBe(5);
    expect(tied.z).toBeCloseTo(4 / Math.sqrt(23 / 3), 6);
    expect(tied.pValue).toBeCloseTo(0.1486, 3);
    expect(mannKendall([5, 5, 5, 5]).pValue).toBeCloseTo(1, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });

  test("Theil-Sen ignores an outlier that would bend a least-squares line", () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = x.map((v) => 2 * v + 1);
    y[8] = 500;
    expect(theilSenSlope(x, y)).toBe(2);
  });

  test("EWMA drifts after a sustained small shift that no single point shows", () => {
    const baseline = [10, 10.4, 9.6, 10.2, 9.8, 10.1, 9.9, 10.3, 9.7, 10];
    expect(ewmaChart(baseline, [10.1, 9.9, 10], 0.3, 3).drifting).toBe(false);
    expect(ewmaChart(baseline, [10.6, 10.7, 10.6, 10.8, 10.7], 0.3, 3).drifting).toBe(true);
  });
});

const settings = { minHistory: 5, zScoreThreshold: 3.5, ewmaLambda: 0.3, ewmaLimit: 3, trendAlpha: 0.05, trendMinPoints: 8, trendMinChange: 0.1 };
const alerts = { cacheHitRateMin: 0.7, errorResolutionSecondsMax: 300, feedbackLoopFailureRateMax: 0.2, degradationMax: 0.2 };

function history(values: number[], name = "ai.duration_ms"): { runs: RunRow[]; metrics: MetricRow[] } {
  const runs = values.map((_, i): RunRow => ({ id: i + 1, repository: "acme/widgets", workflowId: "ci", runId: String(i + 1), attempt: 1, job: "", commit: null, branch: null, runnerOs: "linux", startedAt: i * 3_600_000, endedAt: i * 3_600_000 + 1, outcome: "success" }));
  const metrics = values.map((value, i): MetricRow => ({ run: i + 1, name, kind: "timer", value, count: 1, unit: "ms" }));
  return { runs, metrics };
}

describe("MetricsAnalyzer", () => {
  const analyzer = new MetricsAnalyzer(settings, alerts, [{ metric: "ai.duration_ms", max: 1_000_000 }]);
  const kinds = (values: number[]) => analyzer.analyze(history(values).runs, history(values).metrics).findings.map((f) => f.kind).sort();

  test("a steady series raises nothing", () => {
    expect(kinds([100, 103, 98, 101, 99, 102, 100, 97, 101, 100, 99, 102])).toEqual([]);
  });

  test("a jump in the current run is an anomaly, in words with units, but one run is no degradation", () => {
    const { runs, metrics } = history([100, 103, 98, 101, 99, 102, 100, 97, 101, 180]);
    const { findings, workflows } = analyzer.analyze(runs, metrics);
    expect(findings.map((f) => f.kind)).toEqual(["anomaly"]);
    const anomaly = findings.find((f) => f.kind === "anomaly")!;
    expect(anomaly.message).toContain("ai.duration_ms = 180 ms in run 10");
    expect(anomaly.message).toContain("median 100 ms of 9 earlier runs");
    expect(workflows[0]!.metrics[0]!.z).toBeGreaterThan(20);
  });

  test("a steady climb is a significant trend with its Theil-Sen slope", () => {
    const { runs, metrics } = history([100, 104, 107, 113, 115, 121, 124, 127, 133, 135]);
    const { findings, workflows } = analyzer.analyze(runs, metrics);
    const trend = workflows[0]!.metrics[0]!.trend!;
    expect(trend.pValue).toBeLessThan(0.001);
    expect(trend.slopePerRun).toBe(4); // median of the 45 pairwise slopes, checked with Python's statistics.median
    expect(findings.find((f) => f.kind === "trend")!.message).toContain("ai.duration_ms rising by");
  });

  test("the last six runs 30% slower than the ones before are a degradation and a drift", () => {
    const { runs, metrics } = history([100, 103, 98, 101, 99, 102, 100, 97, 130, 131, 128, 133, 129, 130]);
    const { findings } = analyzer.analyze(runs, metrics);
    const degradation = findings.find((f) => f.kind === "degradation")!;
    expect(degradation.message).toBe("ci: ai.duration_ms over the last 6 runs is 30% worse than over the 8 runs before (median 130 ms vs 100 ms)");
    expect(findings.map((f) => f.kind)).toContain("drift");
  });

  test("a significant but tiny trend (under metrics.analysis.trendMinChange) is not reported", () => {
    expect(kinds([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009])).toEqual([]);
  });

  test("too few runs: no comparison and no trend", () => {
    expect(kinds([100, 200, 300, 400])).toEqual([]);
  });

  test("a fixed threshold from the config fires on the current run", () => {
    expect(kinds([100, 100, 100, 100, 100, 100, 100, 100, 100, 2_000_000])).toContain("threshold");
  });

  test("--run-id picks the run compared with history", () => {
    const { runs, metrics } = history([100, 101, 99, 100, 102, 400, 100]);
    expect(analyzer.analyze(runs, metrics, "6").findings.map((f) => f.kind)).toContain("anomaly");
  });
});

test("the seed's alert rules: cache hit rate < 70%, resolution > 5 min, loop failure rate > 20%", () => {
  const figures: KeyFigures = {
    errorResolutionRate: 0.9,
    meanResolutionSeconds: 420,
    retrySuccessRate: 0.5,
    feedbackLoopFailureRate: 0.25,
    contextRelevance: 0.8,
    attempts: 20,
    errorAnalysisCache: { lookups: 10, hits: 6, hitRate: 0.6 },
    contextCache: { lookups: 10, hits: 9, hitRate: 0.9 },
  };
  const messages = keyFigureAlerts(figures, alerts).map((f) => f.message);
  expect(messages).toEqual([
    "Error-analysis cache hit rate 60.0% over 10 lookups is below 70.0%",
    "Mean error resolution time 420 s is above 300 s",
    "Feedback-loop failure rate 25.0% over 20 attempts is above 20.0%",
  ]);
  const quiet = { ...figures, meanResolutionSeconds: null, feedbackLoopFailureRate: 0.1, errorAnalysisCache: { lookups: 0, hits: 0, hitRate: null } };
  expect(keyFigureAlerts(quiet, alerts)).toEqual([]);
});
