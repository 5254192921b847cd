// The `errors:` section of the configuration (schemas/config/errors.schema.json).

import type { ErrorPattern } from "../lib/config/types.ts";

export type PatternRole = NonNullable<ErrorPattern["role"]>;

export type BackoffStrategy = "full-jitter" | "decorrelated-jitter";

export interface RetryPolicyConfig {
  strategy: BackoffStrategy;
  baseSeconds: number;
  capSeconds: number;
  maxAttempts: number;
  minEvidence: number;
  minSuccessRate: number;
  categories: Record<string, boolean>;
}

export interface LlmConfig {
  enabled: boolean;
  model: string;
  maxExcerptLines: number;
  timeoutMs: number;
}

export interface ErrorsConfig {
  patterns: ErrorPattern[];
  maxLineBytes: number;
  contextLines: number;
  maxBlockLines: number;
  maxErrors: number;
  recurrenceDays: number;
  retry: RetryPolicyConfig;
  llm: LlmConfig;
}
