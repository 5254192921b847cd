// Records that cross the feedback store's boundary: feedback items (the seed's FeedbackType and
// FeedbackSource) and fix attempts with their outcomes.

export const FEEDBACK_TYPES = ["error", "warning", "success", "suggestion", "performance", "info"] as const;
export const FEEDBACK_SOURCES = ["ci", "automated_tests", "code_review", "user", "ai_agent", "monitoring"] as const;
export const STRATEGIES = ["retry", "ai_fix", "manual"] as const;
export const OUTCOMES = ["passed", "failed", "abandoned", "pending"] as const;

/** Where an item came from: the CLI or API, a fix attempt, or one of the ingested reports. */
export type ItemOrigin = "manual" | "attempt" | "junit" | "analysis" | "event";

export type FeedbackType = (typeof FEEDBACK_TYPES)[number];
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];
export type FixStrategy = (typeof STRATEGIES)[number];
export type FixOutcome = (typeof OUTCOMES)[number];

export interface NewFeedbackItem {
  origin: ItemOrigin;
  message: string;
  type: FeedbackType;
  source: FeedbackSource;
  /** 0 (informational) .. 1 (blocking). */
  severity: number;
  createdAt?: number;
  workflowId?: string;
  runId?: string;
  attempt?: number;
  fingerprint?: string;
  category?: string;
  testFingerprint?: string;
  commit?: string;
  job?: string;
}

/** One fix attempt as the runner (or a person) reports it; recorded again when its outcome is known. */
export interface FixAttemptRecord {
  workflowId: string;
  runId: string;
  attempt: number;
  strategy: FixStrategy;
  outcome: FixOutcome;
  fingerprint?: string;
  category?: string;
  durationMs?: number;
  turns?: number;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  costUsd?: number;
  changedFiles?: string[];
  contextFiles?: string[];
  commit?: string;
  branch?: string;
  job?: string;
}

export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
