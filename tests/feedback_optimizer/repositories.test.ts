// Two repositories writing to one store (a shared PostgreSQL database, and one SQLite cache dir as the
// same case in small): records carry their repository, reports cover the current one, --repo or
// --all-repos, and learned retry outcomes and recurrences cross repositories only under
// learning.scope: organisation, which the retry decision then names. Also: a store from before
// repositories were recorded keeps its rows as the current repository's.

import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { FeedbackDatabase, keyMetrics, recordAttempt, type FixAttemptRecord } from "../../scripts/feedback_optimizer.ts";
import { FEEDBACK_MIGRATIONS } from "../../scripts/feedback_optimizer/migrations.ts";
import { openStore } from "../../scripts/lib/storage/open.ts";
import { repoRoot, runScript } from "../helpers/run.ts";
import { SUBPROCESS_TIMEOUT_MS, backendsForSuite, outputSchemaErrors, type FeedbackProject } from "./helpers.ts";

let project: FeedbackProject;
afterEach(() => project?.cleanup());

const NETWORK_LOG = join(repoRoot, "examples/logs/network.log");
const ORGANISATION = { CFO__learning__scope: "organisation" };

interface RetryJson {
  retry: { recommended: boolean; decidedBy: string; reason: string; learningScope: string | null };
  errors: { fingerprint: string; recurring: { count: number } | null }[];
  summary: { primaryError: number | null };
  cached: boolean;
}

async function analyse(repository: string, env: Record<string, string> = {}): Promise<RetryJson> {
  const result = await runScript("error_parser", ["--project-root", project.root, "--log", NETWORK_LOG, "--json"], {
    cwd: project.root, env: { ...project.env, GITHUB_REPOSITORY: repository, ...env },
  });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as RetryJson;
}

async function feedback(args: string[], env: Record<string, string> = {}): Promise<Record<string, any>> {
  const result = await runScript("feedback_optimizer", ["--project-root", project.root, ...args, "--json"], { cwd: project.root, env: { ...project.env, ...env } });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  const output = JSON.parse(result.stdout) as Record<string, any>;
  expect(outputSchemaErrors(output)).toEqual([]);
  return output;
}

const primaryOf = (analysis: RetryJson) => analysis.errors[analysis.summary.primaryError!]!;

function failedRetries(count: number, fingerprint: string): FixAttemptRecord[] {
  return Array.from({ length: count }, (_, index) => ({ workflowId: "ci", runId: `a-${index}`, attempt: 1, strategy: "retry", outcome: "failed", fingerprint, category: "network" }));
}

for (const backend of backendsForSuite("feedback_optimizer repositories")) {
  describe.skipIf(backend.skip)(backend.name, () => {
    test("b learns from a's retries only under learning.scope organisation, and says so", async () => {
      project = await backend.project();
      // a/x sees the failure first and records twelve failed retries of it.
      const seenByA = await analyse("a/x");
      const { fingerprint } = primaryOf(seenByA);
      const loadedA = await project.load({ GITHUB_REPOSITORY: "a/x" });
      for (const record of failedRetries(12, fingerprint)) await recordAttempt(loadedA, record);

      // The same log under the same configuration in b/y is not a's cached analysis, and a's outcomes and sighting stay a's.
      const alone = await analyse("b/y");
      expect(alone.cached).toBe(false);
      expect(alone.retry).toMatchObject({ recommended: seenByA.retry.recommended, decidedBy: seenByA.retry.decidedBy, learningScope: null });
      expect(alone.retry.decidedBy).not.toBe("learned");
      expect(primaryOf(alone).recurring).toBeNull();

      const pooled = await analyse("b/y", ORGANISATION);
      expect(pooled.retry).toMatchObject({ recommended: false, decidedBy: "learned", learningScope: "organisation" });
      expect(pooled.retry.reason).toContain("retries of this error passed 0 of 12 times across the organisation");
      // a's sighting and b's earlier one, plus this one.
      expect(primaryOf(pooled).recurring).toMatchObject({ count: 3 });

      // In a/x's own scope its twelve retries decide, and the reason says whose they were.
      const ownA = await analyse("a/x");
      expect(ownA.retry).toMatchObject({ decidedBy: "learned", learningScope: "repository" });
      expect(ownA.retry.reason).toContain("in this repository");
    }, SUBPROCESS_TIMEOUT_MS * 2);

    test("--report covers the current repository by default, another with --repo, and every one with --all-repos", async () => {
      project = await backend.project();
      const attempt = ["--record-attempt", "--workflow-id", "ci", "--strategy", "retry", "--category", "network"];
      await feedback([...attempt, "--run-id", "1", "--outcome", "failed", "--repo", "a/x"]);
      await feedback([...attempt, "--run-id", "2", "--outcome", "failed", "--repo", "a/x"]);
      // The same workflow, run, attempt and strategy in another repository is another attempt.
      const sameKey = await feedback([...attempt, "--run-id", "1", "--outcome", "passed", "--repo", "b/y"]);
      await feedback(["--add-feedback", "flaky checkout test", "--fingerprint", "fp-b"], { GITHUB_REPOSITORY: "b/y" });

      const ofB = await feedback(["--report"], { GITHUB_REPOSITORY: "b/y" });
      expect(ofB).toMatchObject({ repositories: { label: "b/y", names: ["b/y"] }, learningScope: "repository", totals: { attempts: 1, items: 1 } });
      expect(ofB.keyMetrics).toMatchObject({ retrySuccessRate: 1, attempts: 1 });
      const ofA = await feedback(["--report", "--repo", "a/x"], { GITHUB_REPOSITORY: "b/y" });
      expect(ofA).toMatchObject({ repositories: { label: "a/x", names: ["a/x"] }, totals: { attempts: 2, items: 0 }, patterns: [] });
      expect(ofA.keyMetrics).toMatchObject({ retrySuccessRate: 0, attempts: 2 });
      const all = await feedback(["--report", "--all-repos"], { GITHUB_REPOSITORY: "b/y", ...ORGANISATION });
      expect(all).toMatchObject({ repositories: { label: "all repositories", names: ["a/x", "b/y"] }, learningScope: "organisation", totals: { attempts: 3, items: 1 } });
      expect(all.keyMetrics.retrySuccessRate).toBeCloseTo(1 / 3);

      const text = await runScript("feedback_optimizer", ["--project-root", project.root, "--report", "--all-repos"], { cwd: project.root, env: { ...project.env, ...ORGANISATION } });
      expect(text.stdout).toContain("Repositories: all repositories (a/x, b/y); learning scope: organisation");

      // The library's keyMetrics follows the same scope.
      const loadedB = await project.load({ GITHUB_REPOSITORY: "b/y" });
      expect((await keyMetrics(loadedB, { days: 1 })).attempts).toBe(1);
      expect((await keyMetrics({ ...loadedB, allRepos: true }, { days: 1 })).attempts).toBe(3);
      const database = await FeedbackDatabase.open(loadedB);
      const rows = await database.store.all<{ id: string; repository: string }>("SELECT id, repository FROM fix_attempts WHERE run_id = '1' ORDER BY repository");
      database.close();
      expect(rows.map((row) => row.repository)).toEqual(["a/x", "b/y"]);
      expect(rows[1]!.id).toBe(sameKey.feedbackId);
    }, SUBPROCESS_TIMEOUT_MS * 2);

    test("a store from before repositories were recorded keeps its rows as the current repository's", async () => {
      project = await backend.project();
      const loaded = await project.load({ GITHUB_REPOSITORY: "a/x" });
      const options = { cacheRoot: loaded.cacheRoot, busyTimeoutMs: 5000, url: loaded.config.storage.url };
      const old = await openStore("feedback", { ...options, migrations: FEEDBACK_MIGRATIONS.slice(0, 1) });
      await old.run(
        "INSERT INTO fix_attempts (id, workflow_id, run_id, attempt, strategy, outcome, fingerprint, category, started_at) VALUES ('fb_old', 'ci', '7', 1, 'retry', 'pending', 'fp-old', 'network', ?)",
        [Date.now() - 60_000],
      );
      await old.run("INSERT INTO daily_aggregates (day, workflow_id, category, strategy, attempts, successes, resolution_ms_total) VALUES (0, 'ci', 'network', 'retry', 1, 1, 10)");
      await old.close();

      // Upgraded on open: the pending attempt recorded again with its outcome is the same attempt, and counts for a/x.
      const again = await recordAttempt(loaded, { workflowId: "ci", runId: "7", attempt: 1, strategy: "retry", outcome: "failed" });
      const database = await FeedbackDatabase.open(loaded);
      const attempts = await database.store.all<{ id: string; repository: string; outcome: string }>("SELECT id, repository, outcome FROM fix_attempts");
      const aggregates = await database.store.all<{ repository: string }>("SELECT repository FROM daily_aggregates");
      database.close();
      expect(again.feedbackId).toBe("fb_old");
      expect(attempts).toEqual([{ id: "fb_old", repository: "a/x", outcome: "failed" }]);
      expect(aggregates).toEqual([{ repository: "" }]);
      expect((await keyMetrics(loaded, { days: 1 })).attempts).toBe(1);
    });
  });
}
