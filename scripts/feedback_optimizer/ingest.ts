// Ingestion of test reports (JUnit XML) and error_parser analyses into the feedback store. Each report
// is claimed by a key (its content hash and the run it came from), so feeding it twice counts it once.

import { readFileSync } from "node:fs";
import { fingerprint } from "../error_parser/fingerprint.ts";
import { CfoError } from "../lib/errors.ts";
import { sha256, stableHash } from "../lib/hash.ts";
import { insertRows } from "../lib/storage/insert-rows.ts";
import type { FeedbackDatabase } from "./database.ts";
import { parseJUnit, type TestCaseResult } from "./junit.ts";
import type { NewFeedbackItem } from "./types.ts";

/** The CI run a report belongs to (flags, else the GITHUB_* environment). */
export interface RunContext {
  workflowId?: string;
  runId?: string;
  attempt?: number;
  commit?: string;
  job?: string;
}

export interface IngestionResult {
  reports: number;
  /** Reports skipped because they were ingested before. */
  duplicates: number;
  items: number;
  tests?: { total: number; passed: number; failed: number; errored: number; skipped: number };
}

const SEVERITY_SHARE: Record<string, number> = { low: 0.25, medium: 0.5, high: 0.75, critical: 1 };

export async function ingestJUnit(database: FeedbackDatabase, files: string[], run: RunContext, now = Date.now()): Promise<IngestionResult> {
  const result: IngestionResult = { reports: 0, duplicates: 0, items: 0, tests: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 } };
  for (const file of files) {
    const xml = readReport(file);
    const cases = parseJUnit(xml, file);
    const ingested = await database.store.transaction(async (tx) => {
      const key = reportKey("junit", xml, run);
      if (!(await database.claimIngestion(tx, key, "junit", now))) return false;
      const counts = countStatuses(cases);
      const durationMs = cases.reduce((total, testCase) => total + testCase.durationMs, 0);
      await tx.run(
        `INSERT INTO test_runs (ingestion_key, created_at, report, workflow_id, run_id, commit_sha, tests, failures, errors, skipped, duration_ms, repository)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [key, now, file, run.workflowId ?? null, run.runId ?? null, run.commit ?? null, cases.length, counts.failed, counts.errored, counts.skipped, durationMs, database.repository],
      );
      const executed = cases.filter((testCase) => testCase.status !== "skipped");
      // Multi-row inserts: a 10,000-case report is a few statements, not 10,000.
      const results = executed.map((testCase) => [testCase.testFingerprint, testCase.name, run.commit ?? "", key, testCase.status === "passed" ? 1 : 0, now, database.repository]);
      await insertRows(tx, "test_results", ["test_fingerprint", "test_name", "commit_sha", "ingestion_key", "passed", "created_at", "repository"], results);
      for (const testCase of executed) {
        if (testCase.status === "passed") continue;
        await database.addItem(testItem(testCase, run, now), undefined, tx);
        result.items++;
      }
      for (const status of ["passed", "failed", "errored", "skipped"] as const) result.tests![status] += counts[status];
      result.tests!.total += cases.length;
      return true;
    });
    if (ingested) result.reports++;
    else result.duplicates++;
  }
  return result;
}

/** error_parser's --json analysis: each error becomes an item linked by its fingerprint. */
export async function ingestAnalysis(database: FeedbackDatabase, file: string, run: RunContext, now = Date.now()): Promise<IngestionResult> {
  const text = readReport(file);
  const errors = analysisErrors(text, file);
  const ingested = await database.store.transaction(async (tx) => {
    if (!(await database.claimIngestion(tx, reportKey("analysis", text, run), "analysis", now))) return false;
    for (const error of errors) {
      await database.addItem(
        {
          origin: "analysis", type: "error", source: "ci", severity: SEVERITY_SHARE[error.severity] ?? 0.5, createdAt: now,
          message: error.message, fingerprint: error.fingerprint, category: error.category, ...runFields(run),
        },
        undefined,
        tx,
      );
    }
    return true;
  });
  return { reports: ingested ? 1 : 0, duplicates: ingested ? 0 : 1, items: ingested ? errors.length : 0 };
}

interface AnalysisError {
  category: string;
  severity: string;
  message: string;
  fingerprint: string;
}

function analysisErrors(text: string, file: string): AnalysisError[] {
  let analysis: { errors?: unknown };
  try {
    analysis = JSON.parse(text) as { errors?: unknown };
  } catch (error) {
    throw new CfoError(`not JSON: ${(error as Error).message}; pass the output of error_parser --json`, { file });
  }
  if (!Array.isArray(analysis?.errors)) throw new CfoError("no `errors` array; pass the output of error_parser --json", { file });
  return analysis.errors.map((entry: Record<string, unknown>, index: number) => {
    const { category, severity, message, fingerprint } = entry ?? {};
    if (typeof message !== "string" || typeof fingerprint !== "string" || typeof category !== "string") {
      throw new CfoError(`errors[${index}] lacks a message, fingerprint or category string`, { file });
    }
    return { category, message, fingerprint, severity: typeof severity === "string" ? severity : "medium" };
  });
}

function testItem(testCase: TestCaseResult, run: RunContext, now: number): NewFeedbackItem {
  return {
    origin: "junit",
    type: "error",
    source: "automated_tests",
    severity: testCase.status === "errored" ? 0.8 : 0.7,
    createdAt: now,
    message: `${testCase.name}: ${testCase.message}`,
    fingerprint: fingerprint(testCase.message),
    category: testCase.status === "errored" ? "runtime" : "test",
    testFingerprint: testCase.testFingerprint,
    ...runFields(run),
  };
}

function countStatuses(cases: TestCaseResult[]): Record<TestCaseResult["status"], number> {
  const counts = { passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const testCase of cases) counts[testCase.status]++;
  return counts;
}

/** The same report from the same run is one ingestion; the same content from another run is not. */
function reportKey(kind: string, content: string, run: RunContext): string {
  return stableHash({ kind, content: sha256(content), runId: run.runId ?? null, attempt: run.attempt ?? null, job: run.job ?? null });
}

function runFields(run: RunContext): Partial<NewFeedbackItem> {
  return Object.fromEntries(
    Object.entries({ workflowId: run.workflowId, runId: run.runId, attempt: run.attempt, commit: run.commit, job: run.job }).filter(([, value]) => value !== undefined),
  );
}

function readReport(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CfoError(`cannot read the report: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file });
  }
}
