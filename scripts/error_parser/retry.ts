// RetryManager (the seed's name): is re-running the same commit worth it, and after how long. The
// decision starts at the category's default, a pattern's own `retry` refines it, and outcomes learned for
// the same fingerprint (or else category) override both once there is enough evidence. Delays follow
// exponential backoff with jitter (AWS "Exponential Backoff And Jitter": full by default, decorrelated).

import type { LearnedRetryEvidence, OutcomeEvidence } from "../feedback_optimizer/learned.ts";
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
    const base = { attempt, maxAttempts, decidedBy: verdict.decidedBy };
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

  private async retryable(question: RetryQuestion): Promise<{ retryable: boolean; decidedBy: RetryDecider; reason: string }> {
    const learned = await this.learned(question);
    if (learned) return learned;
    if (question.patternRetry !== undefined) {
      return { retryable: question.patternRetry, decidedBy: "pattern", reason: `the matched pattern marks this ${question.category} error ${question.patternRetry ? "retryable" : "not retryable"}` };
    }
    const retryable = this.policy.categories[question.category] ?? false;
    return { retryable, decidedBy: "category", reason: `${question.category} errors are ${retryable ? "" : "not "}retryable by default` };
  }

  private async learned(question: RetryQuestion): Promise<{ retryable: boolean; decidedBy: "learned"; reason: string } | undefined> {
    if (!this.learning) return undefined;
    const evidence = await this.learning.retryEvidence(question.fingerprint ?? "", question.category);
    const needed = Math.max(this.policy.minEvidence, evidence.minEvidence);
    const enough = (outcomes: OutcomeEvidence | null): outcomes is OutcomeEvidence => outcomes !== null && outcomes.attempts >= needed;
    const [scope, outcomes] = question.fingerprint && enough(evidence.fingerprint) ? ["this error", evidence.fingerprint] as const : enough(evidence.category) ? [`${question.category} errors`, evidence.category] as const : [undefined, undefined];
    if (!outcomes) return undefined;
    const rate = outcomes.successes / outcomes.attempts;
    const retryable = rate >= this.policy.minSuccessRate;
    const share = `${Math.round(rate * 100)}%`;
    return { retryable, decidedBy: "learned", reason: `retries of ${scope} passed ${outcomes.successes} of ${outcomes.attempts} times (${share})` };
  }
}
