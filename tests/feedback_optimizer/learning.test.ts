// What the loop learns, through the library API on both real backends (a SQLite file, and a throwaway
// PostgreSQL cluster when its binaries are installed): Wilson intervals, retry evidence and fixed
// files for the other concerns, key metrics, recommendations that wait for enough evidence, and
// cleanup that keeps daily aggregates after the items are gone.

import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeLog } from "../../scripts/error_parser.ts";
import { FeedbackLoopOptimizer, keyMetrics, openFeedbackLearning, recordAttempt, type FixAttemptRecord } from "../../scripts/feedback_optimizer.ts";
import { wilsonInterval } from "../../scripts/feedback_optimizer/stats.ts";
import { backendsForSuite, outputSchemaErrors, type FeedbackProject } from "./helpers.ts";

let project: FeedbackProject;
afterEach(() => project?.cleanup());

const DAY_MS = 86_400_000;

function attempts(count: number, passed: number, base: Partial<FixAttemptRecord> & Pick<FixAttemptRecord, "strategy">, runPrefix: string): FixAttemptRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    workflowId: "ci", runId: `${runPrefix}-${index}`, attempt: 1, outcome: index < passed ? "passed" : "failed", ...base,
  }));
}

async function recordAll(records: FixAttemptRecord[]): Promise<void> {
  const optimizer = await FeedbackLoopOptimizer.open(await project.load());
  for (const record of records) await optimizer.recordAttempt(record);
  optimizer.close();
}

describe("wilsonInterval", () => {
  test("matches published values", () => {
    const [low, high] = wilsonInterval(0, 14);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.2153, 4);
    const [low2, high2] = wilsonInterval(13, 15);
    expect(low2).toBeCloseTo(0.6212, 4);
    expect(high2).toBeCloseTo(0.9626, 4);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

for (const backend of backendsForSuite("feedback_optimizer learning")) {
  describe.skipIf(backend.skip)(backend.name, () => {
    describe("recommendations", () => {
      test("appear with their evidence once the minimum is reached, and not before", async () => {
        project = await backend.project();
        await recordAll([
          ...attempts(9, 0, { strategy: "retry", category: "syntax" }, "s"),
          ...attempts(15, 13, { strategy: "retry", category: "network", job: "e2e" }, "n"),
        ]);
        const report = async () => {
          const optimizer = await FeedbackLoopOptimizer.open(await project.load());
          const result = await optimizer.report(7);
          optimizer.close();
          return result;
        };
        const before = await report();
        expect(before.recommendations.map((r) => `${r.action}: ${r.evidence}`)).toEqual([
          "keep automatic retry for `network` failures: 13 of 15 retries passed (95% CI 62-96%)",
        ]);

        await recordAll(attempts(5, 0, { strategy: "retry", category: "syntax" }, "s2"));
        const after = await report();
        expect(after.recommendations.map((r) => `${r.action}: ${r.evidence}`)).toContain("stop retrying `syntax` failures: 0 of 14 retries passed (95% CI 0-22%)");
        expect(outputSchemaErrors({ action: "report", ...after })).toEqual([]);
      });

      test("the minimum is configurable", async () => {
        project = await backend.project();
        await recordAll(attempts(4, 0, { strategy: "ai_fix", category: "dependency" }, "d"));
        const optimizer = await FeedbackLoopOptimizer.open(await project.load({ CFO__feedback__minEvidence: "4", CFO__feedback__aiFixBelow: "0.5" }));
        const report = await optimizer.report(7);
        optimizer.close();
        expect(report.recommendations).toMatchObject([{ kind: "route-to-person", subject: "dependency", evidence: "0 of 4 AI fixes passed (95% CI 0-49%)" }]);
      });
    });

    describe("openFeedbackLearning", () => {
      test("returns retry evidence by fingerprint and category, and files successful fixes changed", async () => {
        project = await backend.project();
        const loaded = await project.load();
        await recordAll([
          ...attempts(3, 2, { strategy: "retry", category: "network", fingerprint: "fp-reset" }, "r"),
          ...attempts(2, 0, { strategy: "retry", category: "network", fingerprint: "fp-dns" }, "d"),
          { workflowId: "ci", runId: "x", attempt: 1, strategy: "retry", outcome: "abandoned", category: "network", fingerprint: "fp-reset" },
          { workflowId: "ci", runId: "f1", attempt: 1, strategy: "ai_fix", outcome: "passed", fingerprint: "fp-type", category: "syntax", changedFiles: ["src/a.ts", "src/b.ts"] },
          { workflowId: "ci", runId: "f2", attempt: 1, strategy: "ai_fix", outcome: "passed", fingerprint: "fp-type", category: "syntax", changedFiles: ["src/a.ts"] },
          { workflowId: "ci", runId: "f3", attempt: 1, strategy: "ai_fix", outcome: "failed", fingerprint: "fp-type", category: "syntax", changedFiles: ["src/wrong.ts"] },
          { workflowId: "ci", runId: "f4", attempt: 1, strategy: "ai_fix", outcome: "passed", fingerprint: "fp-other", category: "syntax", changedFiles: ["src/c.ts"] },
        ]);
        const learning = await openFeedbackLearning(loaded);
        expect(await learning.retryEvidence("fp-reset", "network")).toEqual({ fingerprint: { attempts: 3, successes: 2 }, category: { attempts: 5, successes: 2 }, minEvidence: 10, scope: "repository" });
        expect(await learning.retryEvidence("fp-new", "timeout")).toEqual({ fingerprint: null, category: null, minEvidence: 10, scope: "repository" });
        expect(await learning.fixedFiles({ fingerprints: ["fp-type"], categories: ["syntax"] })).toEqual([
          { path: "src/a.ts", fixes: 2, fingerprint: "fp-type" },
          { path: "src/b.ts", fixes: 1, fingerprint: "fp-type" },
          { path: "src/c.ts", fixes: 1, fingerprint: null },
        ]);
        learning.close();
      });

      test("recording the same attempt again updates its outcome instead of adding one", async () => {
        project = await backend.project();
        const loaded = await project.load();
        const pending = await recordAttempt(loaded, { workflowId: "ci", runId: "1", attempt: 1, strategy: "retry", outcome: "pending", category: "timeout" });
        const done = await recordAttempt(loaded, { workflowId: "ci", runId: "1", attempt: 1, strategy: "retry", outcome: "passed", durationMs: 1000 });
        expect(done.feedbackId).toBe(pending.feedbackId);
        const learning = await openFeedbackLearning(loaded);
        expect((await learning.retryEvidence("none", "timeout")).category).toEqual({ attempts: 1, successes: 1 });
        learning.close();
      });
    });

    describe("keyMetrics", () => {
      test("computes resolution, retry success, loop failure and context relevance from outcomes", async () => {
        project = await backend.project();
        const loaded = await project.load();
        // Run 1: a retry fails, then an AI fix passes having had a.ts and c.ts in context while changing a.ts and b.ts.
        await recordAttempt(loaded, { workflowId: "ci", runId: "1", attempt: 1, strategy: "retry", outcome: "failed" });
        await recordAttempt(loaded, { workflowId: "ci", runId: "1", attempt: 2, strategy: "ai_fix", outcome: "passed", changedFiles: ["a.ts", "b.ts"], contextFiles: ["a.ts", "c.ts"] });
        // Run 2: a retry fails and the AI fix is abandoned. Run 3: still pending (undecided). Another workflow passes.
        await recordAttempt(loaded, { workflowId: "ci", runId: "2", attempt: 1, strategy: "retry", outcome: "failed" });
        await recordAttempt(loaded, { workflowId: "ci", runId: "2", attempt: 2, strategy: "ai_fix", outcome: "abandoned" });
        await recordAttempt(loaded, { workflowId: "ci", runId: "3", attempt: 1, strategy: "retry", outcome: "pending" });
        await recordAttempt(loaded, { workflowId: "nightly", runId: "9", attempt: 1, strategy: "retry", outcome: "passed" });

        const metrics = await keyMetrics(loaded, { days: 1, workflowId: "ci" });
        expect(metrics).toMatchObject({ errorResolutionRate: 0.5, retrySuccessRate: 0, feedbackLoopFailureRate: 0.75, contextRelevance: 0.5, attempts: 5 });
        expect(metrics.meanResolutionSeconds).toBeGreaterThanOrEqual(0);
        expect((await keyMetrics(loaded, { days: 1 })).retrySuccessRate).toBeCloseTo(1 / 3);
        const optimizer = await FeedbackLoopOptimizer.open(loaded);
        const { workflows } = await optimizer.report(1);
        optimizer.close();
        expect(workflows.map(({ workflowId, attempts, retrySuccessRate }) => ({ workflowId, attempts, retrySuccessRate }))).toEqual([
          { workflowId: "ci", attempts: 5, retrySuccessRate: 0 },
          { workflowId: "nightly", attempts: 1, retrySuccessRate: 1 },
        ]);
      });
    });

    describe("cleanup", () => {
      test("drops items past retention, keeps daily aggregates of their attempts", async () => {
        project = await backend.project();
        const optimizer = await FeedbackLoopOptimizer.open(await project.load());
        const old = Date.now() - 120 * DAY_MS;
        await optimizer.database.upsertAttempt({ workflowId: "ci", runId: "old", attempt: 1, strategy: "retry", outcome: "passed", category: "network", durationMs: 5000 }, old);
        await optimizer.database.addItem({ origin: "manual", type: "warning", source: "user", severity: 0.2, message: "old", createdAt: old });
        await optimizer.recordAttempt({ workflowId: "ci", runId: "new", attempt: 1, strategy: "retry", outcome: "failed", category: "network" });
        const result = await optimizer.cleanup();
        expect(result.deletedRows).toMatchObject({ feedback_items: 2, fix_attempts: 1, daily_aggregates: 0 });
        const aggregates = await optimizer.database.store.all<{ attempts: number; successes: number; resolution_ms_total: number }>(
          "SELECT attempts, successes, resolution_ms_total FROM daily_aggregates ORDER BY day",
        );
        const remaining = await optimizer.database.store.all<{ run_id: string }>("SELECT run_id FROM fix_attempts");
        const trend = (await optimizer.report(150)).trend;
        optimizer.close();
        expect(trend[0]).toEqual({ day: new Date(old).toISOString().slice(0, 10), items: 0, errors: 0, attempts: 1, passed: 1 });
        expect(aggregates).toEqual([{ attempts: 1, successes: 1, resolution_ms_total: 5000 }, { attempts: 1, successes: 0, resolution_ms_total: 0 }]);
        expect(remaining).toEqual([{ run_id: "new" }]);
      });
    });

    describe("cache hit rates", () => {
      test("come from error_parser's analysis cache; an unused context cache has none", async () => {
        project = await backend.project();
        const loaded = await project.load();
        const log = join(project.root, "job.log");
        writeFileSync(log, "npm ERR! code ECONNRESET\nnpm ERR! network aborted\n");
        await analyzeLog(loaded, { logPath: log });
        await analyzeLog(loaded, { logPath: log });
        const optimizer = await FeedbackLoopOptimizer.open(loaded);
        const report = await optimizer.report(1);
        optimizer.close();
        // An embedded store that was never created is not created to be read; a server's schema always answers.
        const unusedContext = backend.name === "sqlite" ? null : { lookups: 0, hits: 0, hitRate: null };
        expect(report.cacheHitRates).toEqual({ analysis: { lookups: 2, hits: 1, hitRate: 0.5 }, context: unusedContext });
        expect(outputSchemaErrors({ action: "report", ...report })).toEqual([]);
      });
    });
  });
}
