// RetryManager's decisions and delays, with a small real evidence source standing in for what the
// feedback store would have learned (a plain object that answers from a table).

import { describe, expect, test } from "bun:test";
import type { OutcomeEvidence } from "../../scripts/feedback_optimizer/learned.ts";
import type { LearningScope } from "../../scripts/lib/config/types.ts";
import type { RetryPolicyConfig } from "../../scripts/error_parser/config.ts";
import { RetryManager, type RetryEvidenceSource } from "../../scripts/error_parser/retry.ts";

const policy: RetryPolicyConfig = {
  strategy: "full-jitter",
  baseSeconds: 10,
  capSeconds: 300,
  maxAttempts: 3,
  minEvidence: 5,
  minSuccessRate: 0.5,
  categories: { network: true, timeout: true, syntax: false, test: false },
};

/** Learned outcomes kept in maps, as the feedback store would report them. */
class OutcomeTable implements RetryEvidenceSource {
  constructor(
    private readonly byFingerprint: Record<string, OutcomeEvidence> = {},
    private readonly byCategory: Record<string, OutcomeEvidence> = {},
    private readonly minEvidence = 3,
    private readonly scope: LearningScope = "repository",
  ) {}
  async retryEvidence(fingerprint: string, category: string) {
    return { fingerprint: this.byFingerprint[fingerprint] ?? null, category: this.byCategory[category] ?? null, minEvidence: this.minEvidence, scope: this.scope };
  }
}

describe("the decision", () => {
  test("category default, then the pattern's own flag", async () => {
    const manager = new RetryManager(policy);
    expect(await manager.decide({ category: "network", fingerprint: "f", retryCount: 0 })).toMatchObject({ recommended: true, decidedBy: "category", attempt: 1 });
    expect(await manager.decide({ category: "syntax", fingerprint: "f", retryCount: 0 })).toMatchObject({ recommended: false, decidedBy: "category", delaySeconds: 0 });
    expect(await manager.decide({ category: "system", patternRetry: true, fingerprint: "f", retryCount: 0 })).toMatchObject({ recommended: true, decidedBy: "pattern" });
    expect(await manager.decide({ category: "made_up", fingerprint: null, retryCount: 0 })).toMatchObject({ recommended: false, decidedBy: "category" });
  });

  test("never past max attempts", async () => {
    const manager = new RetryManager(policy);
    expect(await manager.decide({ category: "network", fingerprint: "f", retryCount: 1 })).toMatchObject({ recommended: true, attempt: 2 });
    const last = await manager.decide({ category: "network", fingerprint: "f", retryCount: 2 });
    expect(last).toMatchObject({ recommended: false, attempt: 3, maxAttempts: 3, delaySeconds: 0 });
    expect(last.reason).toContain("last one allowed");
  });

  test("learned outcomes override only with enough evidence; fingerprint before category", async () => {
    const learning = new OutcomeTable({ flaky: { attempts: 10, successes: 9 }, thin: { attempts: 2, successes: 2 } }, { timeout: { attempts: 10, successes: 1 } });
    const manager = new RetryManager(policy, learning);
    expect(await manager.decide({ category: "test", fingerprint: "flaky", retryCount: 0 })).toMatchObject({ recommended: true, decidedBy: "learned" });
    // Two passing retries are below minEvidence (5): the category evidence decides instead.
    expect(await manager.decide({ category: "timeout", fingerprint: "thin", retryCount: 0 })).toMatchObject({ recommended: false, decidedBy: "learned" });
    expect(await manager.decide({ category: "network", fingerprint: "thin", retryCount: 0 })).toMatchObject({ recommended: true, decidedBy: "category" });
  });

  test("category evidence replaces the category default, never a matched pattern's flag", async () => {
    const manager = new RetryManager(policy, new OutcomeTable({}, { system: { attempts: 20, successes: 1 } }));
    expect(await manager.decide({ category: "system", patternRetry: true, fingerprint: "runner-lost", retryCount: 0 })).toMatchObject({ recommended: true, decidedBy: "pattern" });
    expect(await manager.decide({ category: "system", fingerprint: "oom", retryCount: 0 })).toMatchObject({ recommended: false, decidedBy: "learned" });
  });

  test("an interval that straddles the threshold leaves the decision to the default", async () => {
    // 5 of 6: 83% passed, but the 95% Wilson interval (44-97%) includes minSuccessRate (50%).
    const manager = new RetryManager(policy, new OutcomeTable({ f: { attempts: 6, successes: 5 } }));
    const decision = await manager.decide({ category: "test", fingerprint: "f", retryCount: 0 });
    expect(decision).toMatchObject({ recommended: false, decidedBy: "category" });
    const convinced = await new RetryManager(policy, new OutcomeTable({ f: { attempts: 20, successes: 17 } })).decide({ category: "test", fingerprint: "f", retryCount: 0 });
    expect(convinced).toMatchObject({ recommended: true, decidedBy: "learned" });
    expect(convinced.reason).toMatch(/passed 17 of 20 times in this repository \(95% CI \d+-\d+%\)/);
  });

  test("a learned decision says whose outcomes decided; other deciders name no scope", async () => {
    const pooled = new OutcomeTable({}, { network: { attempts: 14, successes: 1 } }, 3, "organisation");
    const learned = await new RetryManager(policy, pooled).decide({ category: "network", fingerprint: "f", retryCount: 0 });
    expect(learned).toMatchObject({ recommended: false, decidedBy: "learned", learningScope: "organisation" });
    expect(learned.reason).toBe("retries of network errors passed 1 of 14 times across the organisation (95% CI 1-31%)");
    expect(await new RetryManager(policy, pooled).decide({ category: "timeout", fingerprint: "f", retryCount: 0 })).toMatchObject({ decidedBy: "category", learningScope: null });
    expect(await new RetryManager(policy).decide({ category: "system", patternRetry: true, fingerprint: "f", retryCount: 0 })).toMatchObject({ decidedBy: "pattern", learningScope: null });
  });

  test("the evidence source's own minimum counts when it is higher", async () => {
    const manager = new RetryManager(policy, new OutcomeTable({ f: { attempts: 6, successes: 0 } }, {}, 8));
    expect(await manager.decide({ category: "network", fingerprint: "f", retryCount: 0 })).toMatchObject({ decidedBy: "category" });
  });
});

describe("backoff", () => {
  test("full jitter stays within [0, min(cap, base * 2^(n-1))]", () => {
    for (const [random, attempt, expected] of [[1, 1, 10], [1, 3, 40], [1, 9, 300], [0.5, 2, 10], [0, 4, 0]] as const) {
      expect(new RetryManager(policy, undefined, () => random).delaySeconds(attempt)).toBe(expected);
    }
  });

  test("decorrelated jitter stays within [base, min(cap, 3 * previous)]", () => {
    const decorrelated = { ...policy, strategy: "decorrelated-jitter" as const };
    expect(new RetryManager(decorrelated, undefined, () => 0).delaySeconds(3)).toBe(10);
    expect(new RetryManager(decorrelated, undefined, () => 1).delaySeconds(2)).toBe(90);
    expect(new RetryManager(decorrelated, undefined, () => 1).delaySeconds(6)).toBe(300);
  });

  test("the recommended delay is the backoff for the attempt that failed", async () => {
    const decision = await new RetryManager(policy, undefined, () => 1).decide({ category: "network", fingerprint: "f", retryCount: 1 });
    expect(decision.delaySeconds).toBe(20);
  });
});
