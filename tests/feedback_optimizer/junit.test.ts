// JUnit ingestion from reports written by a real test runner (bun test --reporter=junit): one item per
// failed test with a stable test fingerprint, per-run counts, idempotency, and flaky tests found by
// commit with their flip rates, on both backends (SQLite, and PostgreSQL when installed).

import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { FeedbackDatabase, FeedbackLoopOptimizer } from "../../scripts/feedback_optimizer.ts";
import { parseJUnit } from "../../scripts/feedback_optimizer/junit.ts";
import { bunBinary, runScript, writeFiles } from "../helpers/run.ts";
import { SUBPROCESS_TIMEOUT_MS, backendsForSuite, outputSchemaErrors, type FeedbackProject } from "./helpers.ts";

let project: FeedbackProject;
afterEach(() => project?.cleanup());

const SUITE = `
import { describe, expect, test } from "bun:test";
describe("cart", () => {
  test("adds items", () => expect(1 + 1).toBe(2));
  test("applies discount", () => expect(process.env.DISCOUNT_WORKS).toBe("yes"));
});
test("loads config", () => { if (process.env.CONFIG_BROKEN) throw new TypeError("config is undefined"); });
test.skip("not yet", () => {});
`;

/** Runs the suite with bun's JUnit reporter; returns the report's path. */
async function junitReport(name: string, env: Record<string, string>): Promise<string> {
  writeFiles(project.root, { "suite/cart.test.ts": SUITE, "reports/.keep": "" });
  const outfile = join(project.root, "reports", `${name}.xml`);
  const child = Bun.spawn([bunBinary, "test", "--reporter=junit", `--reporter-outfile=${outfile}`, "./cart.test.ts"], {
    cwd: join(project.root, "suite"), env: { ...process.env, ...env }, stdout: "ignore", stderr: "ignore",
  });
  await child.exited;
  expect(await Bun.file(outfile).exists()).toBe(true);
  return outfile;
}

const ingest = (files: string[], extra: string[]) =>
  runScript("feedback_optimizer", ["--project-root", project.root, "--ingest-junit", ...files, ...extra, "--json"], { cwd: project.root, env: project.env });

for (const backend of backendsForSuite("feedback_optimizer junit")) {
  describe.skipIf(backend.skip)(backend.name, () => {
    describe("--ingest-junit", () => {
      test("stores one item per failed test with its fingerprint, and the run's counts", async () => {
        project = await backend.project();
        const report = await junitReport("run1", { CONFIG_BROKEN: "1" });
        const result = await ingest([report], ["--commit", "aaa", "--run-id", "1"]);
        expect(result.exitCode).toBe(0);
        const output = JSON.parse(result.stdout);
        expect(outputSchemaErrors(output)).toEqual([]);
        expect(output).toEqual({ action: "ingest-junit", reports: 1, duplicates: 0, items: 2, tests: { total: 4, passed: 1, failed: 2, errored: 0, skipped: 1 } });

        const database = await FeedbackDatabase.open(await project.load());
        const items = await database.store.all<{ message: string; category: string; test_fingerprint: string; commit_sha: string }>(
          "SELECT message, category, test_fingerprint, commit_sha FROM feedback_items ORDER BY message",
        );
        const runs = await database.store.all<{ tests: number; failures: number; skipped: number }>("SELECT tests, failures, skipped FROM test_runs");
        database.close();
        expect(items.map((item) => item.message)).toEqual([
          "cart.test.ts > cart > applies discount: expect(received).toBe(expected)",
          "cart.test.ts > loads config: config is undefined",
        ]);
        expect(items.every((item) => item.category === "test" && item.commit_sha === "aaa" && /^[0-9a-f]{16}$/.test(item.test_fingerprint))).toBe(true);
        expect(runs).toEqual([{ tests: 4, failures: 2, skipped: 1 }]);
      }, SUBPROCESS_TIMEOUT_MS);

      test("is idempotent: the same report from the same run counts once, globs included", async () => {
        project = await backend.project();
        await junitReport("run1", {});
        const first = JSON.parse((await ingest(["reports/*.xml"], ["--commit", "aaa", "--run-id", "1"])).stdout);
        const second = JSON.parse((await ingest(["reports/run1.xml"], ["--commit", "aaa", "--run-id", "1"])).stdout);
        expect(first).toMatchObject({ reports: 1, duplicates: 0, items: 1 });
        expect(second).toMatchObject({ reports: 0, duplicates: 1, items: 0 });
      }, SUBPROCESS_TIMEOUT_MS);

      test("a glob that matches nothing is an input error", async () => {
        project = await backend.project();
        const result = await ingest(["reports/*.xml"], ["--strict"]);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toContain('no JUnit report matches "reports/*.xml"');
      }, SUBPROCESS_TIMEOUT_MS);

      test("a test that fails and passes on the same commit is flaky, with its flip rate", async () => {
        project = await backend.project();
        // Commit aaa: discount fails, passes, fails (flaky). Commit bbb: it fails twice (a real break, not flaky).
        const runs: { commit: string; env: Record<string, string> }[] = [
          { commit: "aaa", env: {} }, { commit: "aaa", env: { DISCOUNT_WORKS: "yes" } }, { commit: "aaa", env: {} },
          { commit: "bbb", env: {} }, { commit: "bbb", env: {} },
        ];
        for (const [index, run] of runs.entries()) {
          const report = await junitReport(`run${index}`, run.env);
          expect((await ingest([report], ["--commit", run.commit, "--run-id", String(index)])).exitCode).toBe(0);
        }
        const optimizer = await FeedbackLoopOptimizer.open(await project.load());
        const report = await optimizer.report(1);
        optimizer.close();
        expect(report.flakyTests).toEqual([
          { testFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), name: "cart.test.ts > cart > applies discount", runs: 5, failures: 4, commits: 2, flakyCommits: 1, flipRate: 0.5 },
        ]);
      }, SUBPROCESS_TIMEOUT_MS);
    });
  });
}

describe("parseJUnit", () => {
  test("reads Surefire/pytest shapes: errors win over failures, text stands in for a missing message", () => {
    const xml = `<?xml version="1.0"?>
<testsuite name="com.acme.CartTest" tests="3" failures="1" errors="1">
  <testcase classname="com.acme.CartTest" name="total" time="0.250"><failure type="org.opentest4j.AssertionFailedError">expected: &lt;3&gt; but was: &lt;4&gt;
    at com.acme.CartTest.total(CartTest.java:12)</failure></testcase>
  <testcase classname="com.acme.CartTest" name="load" time="1.5"><error message="Connection refused" type="java.net.ConnectException"/><system-out><![CDATA[<not xml>]]></system-out></testcase>
  <testcase classname="com.acme.CartTest" name="empty"/>
</testsuite>`;
    expect(parseJUnit(xml, "TEST-CartTest.xml").map(({ name, status, durationMs, message }) => ({ name, status, durationMs, message }))).toEqual([
      { name: "com.acme.CartTest > total", status: "failed", durationMs: 250, message: "expected: <3> but was: <4>" },
      { name: "com.acme.CartTest > load", status: "errored", durationMs: 1500, message: "Connection refused" },
      { name: "com.acme.CartTest > empty", status: "passed", durationMs: 0, message: "" },
    ]);
  });

  test("malformed or foreign XML is an input error with its position", () => {
    expect(() => parseJUnit("<testsuite><testcase></testsuite>", "r.xml")).toThrow(/^not JUnit XML: /);
    expect(() => parseJUnit("<coverage/>", "r.xml")).toThrow("the root element is <coverage>");
  });
});
