// Recommendations with their evidence and a concrete action, made only where the evidence passes
// feedback.minEvidence; below it the report says nothing rather than guess.

import type { FeedbackAnalysis } from "./analyzer.ts";
import type { FeedbackConfig } from "./config.ts";
import { describeRate, type Rate } from "./stats.ts";

export interface Recommendation {
  kind: "stop-retry" | "keep-retry" | "route-to-person" | "fix-flaky-test" | "widen-context";
  /** What the advice is about: a category, a fingerprint, a test or the context packs. */
  subject: string;
  action: string;
  evidence: string;
  rate: Rate | null;
}

export function recommend(analysis: FeedbackAnalysis, config: FeedbackConfig): Recommendation[] {
  const enough = (rate: Rate | null): rate is Rate => rate !== null && rate.attempts >= config.minEvidence;
  const recommendations: Recommendation[] = [];
  const retryVerdict = (rate: Rate) => (rate.ci95[1] < config.stopRetryBelow ? "stop" : rate.ci95[0] > config.keepRetryAbove ? "keep" : null);

  for (const group of analysis.categories) {
    if (enough(group.retry)) {
      const verdict = retryVerdict(group.retry);
      if (verdict === "stop") {
        recommendations.push({ kind: "stop-retry", subject: group.category, action: `stop retrying \`${group.category}\` failures`, evidence: describeRate(group.retry, "retries"), rate: group.retry });
      }
      if (verdict === "keep") {
        recommendations.push({ kind: "keep-retry", subject: group.category, action: `keep automatic retry for \`${group.category}\` failures`, evidence: describeRate(group.retry, "retries"), rate: group.retry });
      }
    }
    for (const { job, retry } of group.retryByJob) {
      if (enough(retry) && retryVerdict(retry) !== retryVerdict(group.retry ?? retry)) {
        const verdict = retryVerdict(retry);
        if (!verdict) continue;
        recommendations.push({
          kind: verdict === "stop" ? "stop-retry" : "keep-retry", subject: `${group.category} in ${job}`,
          action: `${verdict === "stop" ? "stop retrying" : "keep automatic retry for"} \`${group.category}\` failures in job \`${job}\``,
          evidence: describeRate(retry, "retries"), rate: retry,
        });
      }
    }
    if (enough(group.aiFix) && group.aiFix.ci95[1] < config.aiFixBelow) {
      recommendations.push({
        kind: "route-to-person", subject: group.category,
        action: `send \`${group.category}\` failures to a person instead of an AI fix, or give the fix more context`,
        evidence: describeRate(group.aiFix, "AI fixes"), rate: group.aiFix,
      });
    }
  }

  const categoryVerdicts = new Map(analysis.categories.map((group) => [group.category, enough(group.retry) ? retryVerdict(group.retry) : null]));
  for (const pattern of analysis.patterns) {
    if (!enough(pattern.retry)) continue;
    const verdict = retryVerdict(pattern.retry);
    // A fingerprint earns its own line only where it departs from its category's advice.
    if (!verdict || verdict === categoryVerdicts.get(pattern.category ?? "")) continue;
    recommendations.push({
      kind: verdict === "stop" ? "stop-retry" : "keep-retry", subject: pattern.fingerprint,
      action: `${verdict === "stop" ? "stop retrying" : "keep automatic retry for"} failure \`${pattern.fingerprint.slice(0, 12)}\` (${pattern.category ?? "uncategorised"}: ${pattern.example.slice(0, 80)})`,
      evidence: describeRate(pattern.retry, "retries"), rate: pattern.retry,
    });
  }

  for (const test of analysis.flakyTests) {
    if (test.runs < config.minEvidence) continue;
    recommendations.push({
      kind: "fix-flaky-test", subject: test.testFingerprint,
      action: `quarantine or fix flaky test \`${test.name}\``,
      evidence: `failed and passed on the same commit for ${test.flakyCommits} of ${test.commits} commits; flip rate ${(test.flipRate * 100).toFixed(0)}% over ${test.runs} runs`,
      rate: null,
    });
  }

  const relevance = analysis.keyMetrics.contextRelevance;
  if (relevance !== null && analysis.totals.fixesWithContext >= config.minEvidence && relevance < config.contextRelevanceBelow) {
    recommendations.push({
      kind: "widen-context", subject: "context packs",
      action: "raise the context budget or add the files fixes change to the context types",
      evidence: `context packs held ${(relevance * 100).toFixed(0)}% of the files ${analysis.totals.fixesWithContext} successful fixes changed`,
      rate: null,
    });
  }
  return recommendations;
}
