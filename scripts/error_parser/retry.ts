// RetryManager (the seed's name): is re-running the same commit worth it, and after how long. The
// decision starts at the category's default and a pattern's own `retry` refines it. Learned outcomes
// override only what they are evidence about: outcomes of the same fingerprint override either, outcomes
// of the whole category only the category default; and only once there is enough evidence and the 95%
// Wilson interval of the retry success rate lies wholly on one side of `minSuccessRate`; the reason says
// whose outcomes they were (this repository's, or the organisation's). Delays follow exponential
// backoff with jitter (AWS "Exponential Backoff And Jitter": full by default, decorrelated).

import type { LearnedRetryEvidence, OutcomeEvidence } from "../feedback_optimizer/learned.ts";
import { wilsonInterval } from "../feedback_optimizer/stats.ts";
import type { LearningScope } from "../lib/config/types.ts";
import type { RetryPolicyConfig } from "./config.ts";

/** Where learned retry outcomes come from (feedback_optimizer's openFeedbackLearning implements it). */
export interface RetryEvidenceSource {
  retryEvidence(fingerprint: string, category: string): Promise<LearnedRetryEvidence>;
}

export type RetryDecider = "pattern" | "category" | "learned";

export interface RetryQuestion {
  category: string;
  /** The matched pattern's own `retry`, when it has one. */
  patternRetry?: boolean;
  fingerprint: string | null;
  /** --retry-count: retries already made before the run that just failed (0 after the first run). */
  retryCount: number;
}

export interface RetryDecision {
  recommended: boolean;
  delaySeconds: number;
  reason: string;
  decidedBy: RetryDecider;
  /** The attempt that just failed, 1-based. */
  attempt: number;
  maxAttempts: number;
  /** Whose outcomes decided when decidedBy is "learned" (learning.scope), else null. */
  learningScope: LearningScope | null;
}

const SCOPE_WORDS: Record<LearningScope, string> = { repository: "in this repository", organisation: "across the organisation" };

interface Verdict {
  retryable: boolean;
  decidedBy: RetryDecider;
  reason: string;
  learningScope: LearningScope | null;
}

export class RetryManager {
  constructor(
    private readonly policy: RetryPolicyConfig,
    private readonly learning?: RetryEvidenceSource,
    private readonly random: () => number = Math.random,
  ) {}

  async decide(question: RetryQuestion): Promise<RetryDecision> {
    const attempt = Math.max(0, Math.floor(question.retryCount)) + 1;
    const { maxAttempts } = this.policy;
    const verdict = await this.retryable(question);
    const base = { attempt, maxAttempts, decidedBy: verdict.decidedBy, learningScope: verdict.learningScope };
    if (!verdict.retryable) return { ...base, recommended: false, delaySeconds: 0, reason: verdict.reason };
    if (attempt >= maxAttempts) {
      return { ...base, recommended: false, delaySeconds: 0, reason: `${verdict.reason}, but attempt ${attempt} of ${maxAttempts} was the last one allowed` };
    }
    const delaySeconds = this.delaySeconds(attempt);
    return { ...base, recommended: true, delaySeconds, reason: `${verdict.reason}; retry ${attempt} of ${maxAttempts - 1} after ${delaySeconds} s (${this.policy.strategy} backoff)` };
  }

  /** Delay before the retry that follows failed attempt `attempt` (1-based), in whole seconds. */
  delaySeconds(attempt: number): number {
    const { baseSeconds, capSeconds, strategy } = this.policy;
    const exponent = Math.max(0, attempt - 1);
    if (strategy === "decorrelated-jitter") {
      // sleep = min(cap, random(base, previous * 3)); without state the previous sleep is taken at its expected growth.
      const previous = Math.min(capSeconds, baseSeconds * 3 ** exponent);
      return Math.round(Math.min(capSeconds, baseSeconds + this.random() * (previous * 3 - baseSeconds)));
    }
    return Math.ceil(this.random() * Math.min(capSeconds, baseSeconds * 2 ** exponent));
  }

  private async retryable(question: RetryQuestion): Promise<Verdict> {
    const evidence = this.learning ? await this.learning.retryEvidence(question.fingerprint ?? "", question.category) : undefined;
    const byFingerprint = question.fingerprint ? this.learned(evidence, evidence?.fingerprint ?? null, "this error") : undefined;
    if (byFingerprint) return byFingerprint;
    if (question.patternRetry !== undefined) {
      const reason = `the matched pattern marks this ${question.category} error ${question.patternRetry ? "retryable" : "not retryable"}`;
      return { retryable: question.patternRetry, decidedBy: "pattern", reason, learningScope: null };
    }
    const byCategory = this.learned(evidence, evidence?.category ?? null, `${question.category} errors`);
    if (byCategory) return byCategory;
    const retryable = this.policy.categories[question.category] ?? false;
    return { retryable, decidedBy: "category", reason: `${question.category} errors are ${retryable ? "" : "not "}retryable by default`, learningScope: null };
  }

  /** A learned verdict, or undefined while the evidence is thin or its interval straddles the threshold. */
  private learned(
    evidence: LearnedRetryEvidence | undefined,
    outcomes: OutcomeEvidence | null,
    subject: string,
  ): Verdict | undefined {
    if (!evidence || !outcomes || outcomes.attempts < Math.max(this.policy.minEvidence, evidence.minEvidence)) return undefined;
    const [low, high] = wilsonInterval(outcomes.successes, outcomes.attempts);
    const threshold = this.policy.minSuccessRate;
    if (low < threshold && high >= threshold) return undefined;
    const interval = `95% CI ${Math.round(low * 100)}-${Math.round(high * 100)}%`;
    const reason = `retries of ${subject} passed ${outcomes.successes} of ${outcomes.attempts} times ${SCOPE_WORDS[evidence.scope]} (${interval})`;
    return { retryable: low >= threshold, decidedBy: "learned", reason, learningScope: evidence.scope };
  }
}
