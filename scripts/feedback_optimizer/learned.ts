// What the loop has learned, for the other concerns: retry outcomes per fingerprint and category
// (error_parser's RetryManager) and the files successful fixes changed (context_manager's ranking),
// plus recordAttempt, the one way outcomes flow in from the runner. Retry outcomes are pooled per
// learning.scope (this repository's, or the whole organisation's in a shared store); fixed files always
// come from this repository alone, since paths belong to one repository.

import type { LoadedConfig } from "../lib/config/load.ts";
import type { LearningScope } from "../lib/config/types.ts";
import { learningRepositories, oneRepository, type RepositoryFilter } from "../lib/storage/repository-scope.ts";
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
  /** Whose outcomes were pooled: this repository's, or every repository's in the store (learning.scope). */
  scope: LearningScope;
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
  const pooled = learningRepositories(loaded);
  const own = oneRepository(loaded.repository, "a.repository");
  return {
    async retryEvidence(fingerprint, category) {
      return {
        fingerprint: await retryOutcomes(store, pooled, "fingerprint", fingerprint),
        category: await retryOutcomes(store, pooled, "category", category),
        minEvidence,
        scope: pooled.scope,
      };
    },
    async fixedFiles({ fingerprints, categories }) {
      const byFingerprint = fingerprints.length
        ? await store.all<FixedFile>(
            `SELECT f.path AS path, COUNT(*) AS fixes, a.fingerprint AS fingerprint
             FROM attempt_files f JOIN fix_attempts a ON a.id = f.attempt_id
             WHERE f.role = 'changed' AND a.outcome = 'passed' AND a.fingerprint IN (${placeholders(fingerprints)}) AND ${own.sql}
             GROUP BY f.path, a.fingerprint`,
            [...fingerprints, ...own.params],
          )
        : [];
      const byCategory = categories.length
        ? await store.all<FixedFile>(
            `SELECT f.path AS path, COUNT(*) AS fixes, NULL AS fingerprint
             FROM attempt_files f JOIN fix_attempts a ON a.id = f.attempt_id
             WHERE f.role = 'changed' AND a.outcome = 'passed' AND a.category IN (${placeholders(categories)}) AND ${own.sql}
             GROUP BY f.path`,
            [...categories, ...own.params],
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

async function retryOutcomes(store: Store, repositories: RepositoryFilter, column: "fingerprint" | "category", value: string): Promise<OutcomeEvidence | null> {
  const row = await store.get<{ attempts: number; successes: number | null }>(
    `SELECT COUNT(*) AS attempts, SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) AS successes
     FROM fix_attempts WHERE ${column} = ? AND strategy = 'retry' AND outcome IN ('passed', 'failed') AND ${repositories.sql}`,
    [value, ...repositories.params],
  );
  return row && row.attempts > 0 ? { attempts: row.attempts, successes: row.successes ?? 0 } : null;
}

function placeholders(values: unknown[]): string {
  return values.map(() => "?").join(", ");
}
