// feedback_optimizer's command line as a real subprocess on both real backends (a SQLite file, and a
// throwaway PostgreSQL database): the seed's --add-feedback, attempts closed by workflow_run events,
// review items, telemetry failure handling (SQLite's file) and the --json outputs against their schema.

import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FeedbackDatabase } from "../../scripts/feedback_optimizer.ts";
import { runScript } from "../helpers/run.ts";
import { SUBPROCESS_TIMEOUT_MS, backendsForSuite, feedbackProject, outputSchemaErrors, type FeedbackProject } from "./helpers.ts";

let project: FeedbackProject;
afterEach(() => project?.cleanup());

const run = (args: string[], env: Record<string, string | undefined> = {}) =>
  runScript("feedback_optimizer", ["--project-root", project.root, ...args], { cwd: project.root, env: { ...project.env, ...env } });

async function jsonOf(args: string[]): Promise<Record<string, unknown>> {
  const result = await run([...args, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  const output = JSON.parse(result.stdout) as Record<string, unknown>;
  expect(outputSchemaErrors(output)).toEqual([]);
  return output;
}

function workflowRunEvent(file: string, run: { id: number; conclusion: string; headSha: string; updatedAt: string }): string {
  const path = join(project.root, file);
  writeFileSync(path, JSON.stringify({ action: "completed", workflow_run: { id: run.id, name: "CI", conclusion: run.conclusion, head_sha: run.headSha, head_branch: "claude/fix-1", updated_at: run.updatedAt } }));
  return path;
}

describe("telemetry on the SQLite file", () => {
  test("a recording that cannot write warns and exits 0; --strict makes it fail", async () => {
    project = feedbackProject();
    writeFileSync(project.cacheDir, "a file where the cache directory should be");
    const args = ["--record-attempt", "--workflow-id", "ci", "--run-id", "7", "--strategy", "retry", "--outcome", "failed"];
    const lenient = await run(args);
    expect(lenient.exitCode).toBe(0);
    expect(lenient.stdout).toBe("");
    expect(lenient.stderr).toContain("warning: feedback_optimizer:");
    const strict = await run([...args, "--strict"]);
    expect(strict.exitCode).not.toBe(0);
    expect(strict.stderr).not.toContain("warning:");
  }, SUBPROCESS_TIMEOUT_MS);

  test("a database path taken by a directory warns and exits 0", async () => {
    project = feedbackProject();
    mkdirSync(join(project.cacheDir, "feedback", "feedback.db"), { recursive: true });
    const result = await run(["--add-feedback", "x"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("warning: feedback_optimizer:");
  }, SUBPROCESS_TIMEOUT_MS);

  test("a report is not telemetry: a broken cache is an error", async () => {
    project = feedbackProject();
    writeFileSync(project.cacheDir, "not a directory");
    expect((await run(["--report"])).exitCode).not.toBe(0);
  }, SUBPROCESS_TIMEOUT_MS);
});

for (const backend of backendsForSuite("feedback_optimizer cli")) {
  describe.skipIf(backend.skip)(backend.name, () => {
    describe("--add-feedback", () => {
      test("prints the new item's id and stores the item with its fields", async () => {
        project = await backend.project();
        const result = await run(["--add-feedback", "Test failure in module X", "--type", "error", "--source", "automated_tests", "--severity", "0.7"]);
        expect(result.exitCode).toBe(0);
        const id = result.stdout.trim();
        expect(id).toMatch(/^fb_[0-9a-f]{20}$/);
        const database = await FeedbackDatabase.open(await project.load());
        const row = await database.store.get<{ message: string; type: string; source: string; severity: number }>("SELECT message, type, source, severity FROM feedback_items WHERE id = ?", [id]);
        database.close();
        expect(row).toEqual({ message: "Test failure in module X", type: "error", source: "automated_tests", severity: 0.7 });
      }, SUBPROCESS_TIMEOUT_MS);

      test("writes the feedback-id step output in GitHub Actions", async () => {
        project = await backend.project();
        const outputFile = join(project.root, "github_output");
        writeFileSync(outputFile, "");
        const result = await run(["--add-feedback", "flaky e2e"], { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: outputFile });
        expect(result.exitCode).toBe(0);
        const id = /fb_[0-9a-f]{20}/.exec(result.stdout)?.[0];
        expect(id).toBeDefined();
        expect(await Bun.file(outputFile).text()).toContain(id!);
      }, SUBPROCESS_TIMEOUT_MS);

      test("rejects an unknown type with exit 2 under --strict, and names the allowed ones", async () => {
        project = await backend.project();
        const result = await run(["--add-feedback", "x", "--type", "bogus", "--strict"]);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toContain("use one of error, warning");
      }, SUBPROCESS_TIMEOUT_MS);
    });

    describe("--ingest-event", () => {
      test("a concluded workflow_run closes the pending attempts it decides, once", async () => {
        project = await backend.project();
        const recorded = await jsonOf(["--record-attempt", "--workflow-id", "ci", "--run-id", "41", "--strategy", "ai_fix", "--outcome", "pending", "--commit", "c0ffee", "--category", "test"]);
        const other = await jsonOf(["--record-attempt", "--workflow-id", "ci", "--run-id", "99", "--strategy", "retry", "--outcome", "pending", "--commit", "beef"]);
        const event = workflowRunEvent("event.json", { id: 1234, conclusion: "success", headSha: "c0ffee", updatedAt: new Date(Date.now() + 60_000).toISOString() });

        const first = await jsonOf(["--ingest-event", event]);
        expect(first).toMatchObject({ event: "workflow_run", duplicate: false, closedAttempts: [recorded.feedbackId] });
        const again = await jsonOf(["--ingest-event", event]);
        expect(again).toMatchObject({ duplicate: true, closedAttempts: [] });

        const database = await FeedbackDatabase.open(await project.load());
        const outcomes = await database.store.all<{ id: string; outcome: string }>("SELECT id, outcome FROM fix_attempts ORDER BY run_id");
        database.close();
        expect(outcomes).toEqual([
          { id: recorded.feedbackId as string, outcome: "passed" },
          { id: other.feedbackId as string, outcome: "pending" },
        ]);
      }, SUBPROCESS_TIMEOUT_MS);

      test("a run that concluded before the attempt started does not close it; $GITHUB_EVENT_PATH is the default", async () => {
        project = await backend.project();
        await jsonOf(["--record-attempt", "--workflow-id", "ci", "--run-id", "5", "--strategy", "retry", "--outcome", "pending"]);
        const event = workflowRunEvent("old.json", { id: 5, conclusion: "failure", headSha: "x", updatedAt: new Date(Date.now() - 3_600_000).toISOString() });
        const result = await run(["--ingest-event", "--json"], { GITHUB_EVENT_PATH: event });
        expect(JSON.parse(result.stdout)).toMatchObject({ event: "workflow_run", closedAttempts: [] });
      }, SUBPROCESS_TIMEOUT_MS);

      test("reviews and review comments on fix PRs become code_review items; other PRs are ignored", async () => {
        project = await backend.project();
        const review = join(project.root, "review.json");
        writeFileSync(review, JSON.stringify({ action: "submitted", pull_request: { number: 3, head: { ref: "claude/fix-ci-42" } }, review: { state: "changes_requested", body: "This hides the error" } }));
        const comment = join(project.root, "comment.json");
        writeFileSync(comment, JSON.stringify({ action: "created", pull_request: { number: 3, head: { ref: "claude/fix-ci-42" } }, comment: { body: "use the retry helper", path: "src/a.ts", line: 9 } }));
        const unrelated = join(project.root, "unrelated.json");
        writeFileSync(unrelated, JSON.stringify({ action: "submitted", pull_request: { number: 4, head: { ref: "feature/x" } }, review: { state: "approved" } }));

        expect(await jsonOf(["--ingest-event", review])).toMatchObject({ event: "pull_request_review", items: 1 });
        expect(await jsonOf(["--ingest-event", comment])).toMatchObject({ event: "pull_request_review_comment", items: 1 });
        expect(await jsonOf(["--ingest-event", unrelated])).toMatchObject({ event: "ignored", items: 0 });

        const database = await FeedbackDatabase.open(await project.load());
        const items = await database.store.all<{ type: string; source: string; message: string }>("SELECT type, source, message FROM feedback_items ORDER BY created_at, type");
        database.close();
        expect(items).toEqual([
          { type: "error", source: "code_review", message: "review changes_requested on PR #3 (claude/fix-ci-42): This hides the error" },
          { type: "suggestion", source: "code_review", message: "review comment on PR #3 (claude/fix-ci-42) at src/a.ts:9: use the retry helper" },
        ]);
      }, SUBPROCESS_TIMEOUT_MS);
    });

    describe("--report", () => {
      test("in Actions: markdown to the step summary, log text on stdout behind stop-commands", async () => {
        project = await backend.project();
        await jsonOf(["--add-feedback", "::add-mask::secret | <b>", "--fingerprint", "fp1", "--category", "test"]);
        const summary = join(project.root, "summary.md");
        writeFileSync(summary, "");
        const result = await run(["--report"], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
        expect(result.exitCode).toBe(0);
        expect(result.stdout).toMatch(/^::stop-commands::[0-9a-f]{32}\n/);
        const markdown = await Bun.file(summary).text();
        expect(markdown).toContain("## Feedback loop, last 30 days");
        expect(markdown).toContain("::add-mask::secret \\| &lt;b&gt;");
      }, SUBPROCESS_TIMEOUT_MS);
    });

    describe("--cleanup", () => {
      test("runs safely while other processes record attempts", async () => {
        project = await backend.project();
        await jsonOf(["--add-feedback", "seed the store"]);
        const record = (runId: number) => run(["--record-attempt", "--workflow-id", "ci", "--run-id", String(runId), "--strategy", "retry", "--outcome", "failed", "--strict"]);
        const results = await Promise.all([record(1), run(["--cleanup", "--strict"]), record(2), record(3), run(["--cleanup", "--strict"]), record(4)]);
        expect(results.map((result) => [result.exitCode, result.stderr])).toEqual(results.map(() => [0, ""]));
        const database = await FeedbackDatabase.open(await project.load());
        const runs = await database.store.all<{ run_id: string }>("SELECT run_id FROM fix_attempts ORDER BY run_id");
        database.close();
        expect(runs.map((row) => row.run_id)).toEqual(["1", "2", "3", "4"]);
      }, SUBPROCESS_TIMEOUT_MS);
    });

    describe("--json", () => {
      test("report, cleanup and analysis ingestion outputs match the schema", async () => {
        project = await backend.project();
        const analysis = join(project.root, "analysis.json");
        writeFileSync(analysis, JSON.stringify({
          summary: { category: "network", severity: "high", retryRecommended: true, errorCount: 1, primaryError: 0 },
          errors: [{ category: "network", severity: "high", tool: "npm", message: "npm ERR! code ECONNRESET", file: null, line: null, column: null, fingerprint: "fp-econnreset", occurrences: 1, logLines: [3, 3], context: [], patternId: "npm.econnreset", retryable: true, recurring: null }],
        }));
        expect(await jsonOf(["--ingest-analysis", analysis, "--run-id", "1"])).toEqual({ action: "ingest-analysis", reports: 1, duplicates: 0, items: 1 });
        expect(await jsonOf(["--ingest-analysis", analysis, "--run-id", "1"])).toEqual({ action: "ingest-analysis", reports: 0, duplicates: 1, items: 0 });
        await jsonOf(["--record-attempt", "--workflow-id", "ci", "--run-id", "1", "--strategy", "retry", "--outcome", "passed", "--fingerprint", "fp-econnreset", "--category", "network", "--duration-ms", "30000", "--job", "e2e"]);
        const report = await jsonOf(["--report", "--days", "7"]);
        expect(report.patterns).toMatchObject([{ fingerprint: "fp-econnreset", category: "network", count: 1, retry: { attempts: 1, successes: 1 } }]);
        await jsonOf(["--cleanup"]);
      }, SUBPROCESS_TIMEOUT_MS);

      test("ingests error_parser's real --json output, linking items by its fingerprints", async () => {
        project = await backend.project();
        const log = join(project.root, "job.log");
        writeFileSync(log, "npm ERR! code ECONNRESET\nnpm ERR! network aborted\nsrc/app.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n");
        const analysed = await runScript("error_parser", ["--project-root", project.root, "--log", log, "--json"], { cwd: project.root, env: project.env });
        expect(analysed.exitCode).toBe(0);
        const analysis = JSON.parse(analysed.stdout) as { errors: { fingerprint: string; category: string }[] };
        expect(analysis.errors.length).toBeGreaterThan(0);
        const file = join(project.root, "analysis.json");
        writeFileSync(file, analysed.stdout);
        expect(await jsonOf(["--ingest-analysis", file])).toMatchObject({ reports: 1, items: analysis.errors.length });
        const database = await FeedbackDatabase.open(await project.load());
        const items = await database.store.all<{ fingerprint: string; category: string }>("SELECT fingerprint, category FROM feedback_items WHERE origin = 'analysis'");
        database.close();
        expect(items.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))).toEqual(
          analysis.errors.map(({ fingerprint, category }) => ({ fingerprint, category })).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
        );
      }, SUBPROCESS_TIMEOUT_MS);

      test("a malformed analysis is an input error naming the file", async () => {
        project = await backend.project();
        const analysis = join(project.root, "bad.json");
        writeFileSync(analysis, "{\"summary\": {}}");
        const result = await run(["--ingest-analysis", analysis, "--strict"]);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toContain("bad.json: no `errors` array");
      }, SUBPROCESS_TIMEOUT_MS);
    });
  });
}
