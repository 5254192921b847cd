// Robust statistics for run-to-run comparison: median/MAD z-scores (with a mean-absolute-deviation
// fallback when more than half the history is identical), an EWMA control chart for slow drift, and
// Theil-Sen slopes with the Mann-Kendall test for trends. Pure functions over plain number arrays.

/** Scales MAD to the standard deviation of a normal distribution. */
const MAD_TO_SIGMA = 1.4826;
/** Scales the mean absolute deviation to the standard deviation of a normal distribution. */
const MEAN_AD_TO_SIGMA = 1.2533;

export function median(values: number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A robust standard deviation: 1.4826·MAD, or 1.2533·mean absolute deviation when MAD is 0. */
export function robustSigma(values: number[], center = median(values)): number {
  const deviations = values.map((value) => Math.abs(value - center));
  const mad = median(deviations);
  if (mad > 0) return MAD_TO_SIGMA * mad;
  return (MEAN_AD_TO_SIGMA * deviations.reduce((sum, d) => sum + d, 0)) / Math.max(1, deviations.length);
}

/**
 * How far `current` lies from `history` in robust standard deviations. With a history that never
 * varied, any difference is infinitely unusual: ±Infinity, and 0 for the same value.
 */
export function robustZ(current: number, history: number[]): number {
  const center = median(history);
  const sigma = robustSigma(history, center);
  if (sigma > 0) return (current - center) / sigma;
  return current === center ? 0 : Math.sign(current - center) * Number.POSITIVE_INFINITY;
}

export interface EwmaResult {
  /** The smoothed value after the last point. */
  ewma: number;
  center: number;
  /** Half-width of the control band after the last point. */
  limit: number;
  drifting: boolean;
}

/**
 * EWMA chart of `series` against a baseline (the history before the points being watched): the
 * centre and sigma come from the baseline, robustly; `drifting` when the last EWMA leaves the band.
 */
export function ewmaChart(baseline: number[], series: number[], lambda: number, width: number): EwmaResult {
  const center = median(baseline);
  const sigma = robustSigma(baseline, center);
  let ewma = center;
  // Each point is clipped to the band's own width first (a Huber-style robust EWMA), so one
  // slow outlier cannot pass for a drift.
  const clip = width * sigma;
  for (const value of series) ewma = lambda * Math.min(center + clip, Math.max(center - clip, value)) + (1 - lambda) * ewma;
  // The exact band after n points (narrower than the asymptotic one while n is small).
  const limit = width * sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * series.length)));
  return { ewma, center, limit, drifting: sigma > 0 && Math.abs(ewma - center) > limit };
}

/** Median of pairwise slopes (units of y per unit of x); robust to outliers. */
export function theilSenSlope(x: number[], y: number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) if (x[j] !== x[i]) slopes.push((y[j]! - y[i]!) / (x[j]! - x[i]!));
  }
  return slopes.length ? median(slopes) : 0;
}

export interface MannKendallResult {
  s: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Kendall's tau-a in [-1, 1]. */
  tau: number;
}

/** Mann-Kendall trend test on a series in time order, with the tie correction of the variance. */
export function mannKendall(series: number[]): MannKendallResult {
  const n = series.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(series[j]! - series[i]!);
  const ties = new Map<number, number>();
  for (const value of series) ties.set(value, (ties.get(value) ?? 0) + 1);
  let variance = (n * (n - 1) * (2 * n + 5)) / 18;
  for (const t of ties.values()) variance -= (t * (t - 1) * (2 * t + 5)) / 18;
  const z = variance > 0 ? (s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance)) : 0;
  const pairs = (n * (n - 1)) / 2;
  return { s, z, pValue: 2 * (1 - normalCdf(Math.abs(z))), tau: pairs > 0 ? s / pairs : 0 };
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
