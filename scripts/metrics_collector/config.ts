// The `metrics:` section of the configuration (schemas/config/metrics.schema.json).

import type { CustomMetricDefinition } from "../lib/config/types.ts";

export interface MetricThreshold {
  metric: string;
  max?: number;
  min?: number;
  level?: "warning" | "error";
}

export interface AnalysisSettings {
  minHistory: number;
  zScoreThreshold: number;
  ewmaLambda: number;
  ewmaLimit: number;
  trendAlpha: number;
  trendMinPoints: number;
  trendMinChange: number;
}

export interface AlertSettings {
  cacheHitRateMin: number;
  errorResolutionSecondsMax: number;
  feedbackLoopFailureRateMax: number;
  degradationMax: number;
}

export interface MetricsConfig {
  intervalSeconds: number;
  maxDurationHours: number;
  flushEverySamples: number;
  diskPath: string;
  custom: CustomMetricDefinition[];
  analysis: AnalysisSettings;
  alerts: AlertSettings;
  thresholds: MetricThreshold[];
}
