// Types of the merged configuration. The JSON Schemas in schemas/ are the truth; these mirror them.
// Each concern owns the type of its own section (scripts/<concern>/config.ts).

import type { ContextConfig } from "../../context_manager/config.ts";
import type { ErrorsConfig } from "../../error_parser/config.ts";
import type { FeedbackConfig } from "../../feedback_optimizer/config.ts";
import type { MetricsConfig } from "../../metrics_collector/config.ts";
import type { RunnerConfig } from "../../claude_code_runner/config.ts";

export type Severity = "low" | "medium" | "high" | "critical";
export type Priority = "critical" | "high" | "medium" | "low";
export type LearningScope = "repository" | "organisation";
export type StoreName = "errors" | "context" | "metrics" | "feedback";

/** An error pattern in the seed's form (pattern, severity, retry, fix_time) plus id and category. */
export interface ErrorPattern {
  id: string;
  category: string;
  pattern: string;
  flags?: string;
  severity?: Severity;
  retry?: boolean;
  fix_time?: number;
  tool?: string;
  /** `symptom` marks where a step failed (never the cause); `warning` lines look like errors but are not. */
  role?: "error" | "warning" | "symptom";
  description?: string;
}

/** A context type (the seed's ContextType): file globs and a priority. */
export interface ContextTypeDefinition {
  id: string;
  patterns: string[];
  priority: Priority;
  description?: string;
}

/** A custom metric: a gauge or counter fed by a command's output or a file's content. */
export interface CustomMetricDefinition {
  id: string;
  kind?: "gauge" | "counter";
  command?: string;
  file?: string;
  unit?: string;
  description?: string;
}

export interface CfoConfig {
  cacheDir: string;
  repository: string | null;
  learning: { scope: LearningScope };
  plugins: { paths: string[]; enable: string[]; onError: "fail" | "warn" };
  storage: { url: string | null; busyTimeoutMs: number; retentionDays: Record<StoreName, number> };
  errors: ErrorsConfig;
  context: ContextConfig;
  metrics: MetricsConfig;
  feedback: FeedbackConfig;
  runner: RunnerConfig;
}
