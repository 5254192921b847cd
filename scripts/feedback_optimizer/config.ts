// The `feedback:` section of the configuration (schemas/config/feedback.schema.json).

export interface FeedbackConfig {
  /** Closed attempts needed before a rate is trusted (learned retry decisions, recommendations). */
  minEvidence: number;
  /** Recommend to stop retrying when the 95% upper bound of the retry success rate is below this share. */
  stopRetryBelow: number;
  /** Recommend to keep retrying when the 95% lower bound is above this share. */
  keepRetryAbove: number;
  /** Flag AI fixes of a category when the 95% upper bound of their success rate is below this share. */
  aiFixBelow: number;
  /** Flag context packs when fewer than this share of the files fixes changed were in them. */
  contextRelevanceBelow: number;
  /** Daily aggregates outlive items (storage.retentionDays.feedback) by this many days. */
  aggregateRetentionDays: number;
  /** A pending attempt older than this never got its outcome back: the loop failed. */
  staleAttemptHours: number;
  /** Window of --report and keyMetrics when --days is not given. */
  reportDays: number;
  /** Pull requests whose head branch starts with one of these are fix PRs (their reviews become items). */
  fixBranchPrefixes: string[];
}
