// What the loop has learned, for the other concerns: retry outcomes per fingerprint and category
// (error_parser's RetryManager) and the files successful fixes changed (context_manager's ranking),
// plus recordAttempt, the one way outcomes flow in from the runner.

import type { LoadedConfig } from "../lib/config/load.ts";
import type { Store } from "../lib/storage/store.ts";
import { FeedbackDatabase } from "./database.ts";
import type { FixAttemptRecord } from "./types.ts";

export type { FixAttemptRecord } from "./types.ts";

export interface OutcomeEvidence {
  /** Closed retries (passed or failed; abandoned ones say nothing about the failure). */
  attempts: number;
  successes: number;
}

export interface LearnedRetryEvidence {
  fingerprint: OutcomeEvidence | null;
  category: OutcomeEvidence | null;
  /** Attempts needed before the evidence should override a default (feedback.minEvidence). */
  minEvidence: number;
}

export interface FixedFile {
  path: string;
  fixes: number;
  /** The fingerprint whose fixes changed the file; null when it matched by category only. */
  fingerprint: string | null;
}

export interface FeedbackLearning {
  retryEvidence(fingerprint: string, category: string): Promise<LearnedRetryEvidence>;
  fixedFiles(query: { fingerprints: string[]; categories: string[] }): Promise<FixedFile[]>;
  close(): void;
}

const FIXED_FILES_LIMIT = 200;

export async function openFeedbackLearning(loaded: LoadedConfig): Promise<FeedbackLearning> {
  const database = await FeedbackDatabase.open(loaded);
  const { store } = database;
  const minEvidence = loaded.config.feedback.minEvidence;
  return {
    async retryEvidence(fingerprint, category) {
      return {
        fingerprint: await retryOutcomes(store, "fingerprint", fingerprint),
        category: await retryOutcomes(store, "category", category),
        minEvidence,
      };
    },
    async fixedFiles({ fingerprints, categories }) {
      const byFingerprint = fingerprints.length
        ? await store.all<FixedFile>(
            `SELECT f.path AS path, COUNT(*) AS fixes, a.fingerprint AS fingerprint
             FROM attempt_files f JOIN fix_attempts a ON a.id = f.attempt_id
             WHERE f.role = 'changed' AND a.outcome = 'passed' AND a.fingerprint IN (${placeholders(fingerprints)})
             GROUP BY f.path, a.fingerprint`,
            fingerprints,
          )
        : [];
      const byCategory = categories.length
        ? await store.all<FixedFile>(
            `SELECT f.path AS path, COUNT(*) AS fixes, NULL AS fingerprint
             FROM attempt_files f JOIN fix_attempts a ON a.id = f.attempt_id
             WHERE f.role = 'changed' AND a.outcome = 'passed' AND a.category IN (${placeholders(categories)})
             GROUP BY f.path`,
            categories,
          )
        : [];
      const seen = new Set(byFingerprint.map((file) => file.path));
      return [...byFingerprint, ...byCategory.filter((file) => !seen.has(file.path))]
        .sort((a, b) => b.fixes - a.fixes || a.path.localeCompare(b.path))
        .slice(0, FIXED_FILES_LIMIT);
    },
    close: () => database.close(),
  };
}

/** Records one fix attempt (again, with its outcome, when that is known). */
export async function recordAttempt(loaded: LoadedConfig, attempt: FixAttemptRecord): Promise<{ feedbackId: string }> {
  const database = await FeedbackDatabase.open(loaded);
  try {
    return { feedbackId: await database.upsertAttempt(attempt) };
  } finally {
    database.close();
  }
}

async function retryOutcomes(store: Store, column: "fingerprint" | "category", value: string): Promise<OutcomeEvidence | null> {
  const row = await store.get<{ attempts: number; successes: number | null }>(
    `SELECT COUNT(*) AS attempts, SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) AS successes
     FROM fix_attempts WHERE ${column} = ? AND strategy = 'retry' AND outcome IN ('passed', 'failed')`,
    [value],
  );
  return row && row.attempts > 0 ? { attempts: row.attempts, successes: row.successes ?? 0 } : null;
}

function placeholders(values: unknown[]): string {
  return values.map(() => "?").join(", ");
}
