// Flaky tests: a test that failed and passed on the same commit, with its flip rate (status changes
// between consecutive runs) over the window.

import type { RepositoryFilter } from "../lib/storage/repository-scope.ts";
import type { Store } from "../lib/storage/store.ts";

export interface FlakyTest {
  testFingerprint: string;
  name: string;
  runs: number;
  failures: number;
  commits: number;
  /** Commits on which the test both failed and passed. */
  flakyCommits: number;
  /** Status changes between consecutive runs / (runs - 1). */
  flipRate: number;
}

const FLAKY_LIMIT = 100;

/** Flaky tests among the repositories a report covers (commits differ between repositories, so pairs stay within one). */
export async function findFlakyTests(store: Store, since: number, repositories: RepositoryFilter): Promise<FlakyTest[]> {
  const flaky = await store.all<{ test_fingerprint: string; flaky_commits: number }>(
    `SELECT test_fingerprint, COUNT(*) AS flaky_commits FROM (
       SELECT test_fingerprint, commit_sha FROM test_results WHERE created_at >= ? AND commit_sha <> '' AND ${repositories.sql}
       GROUP BY test_fingerprint, commit_sha HAVING MIN(passed) = 0 AND MAX(passed) = 1) flaky_pairs
     GROUP BY test_fingerprint ORDER BY COUNT(*) DESC, test_fingerprint LIMIT ${FLAKY_LIMIT}`,
    [since, ...repositories.params],
  );
  if (!flaky.length) return [];
  const ids = flaky.map((row) => row.test_fingerprint);
  const results = await store.all<{ test_fingerprint: string; test_name: string; commit_sha: string; passed: number }>(
    `SELECT test_fingerprint, test_name, commit_sha, passed FROM test_results
     WHERE created_at >= ? AND test_fingerprint IN (${ids.map(() => "?").join(", ")}) AND ${repositories.sql} ORDER BY test_fingerprint, created_at`,
    [since, ...ids, ...repositories.params],
  );
  const runsOf = Map.groupBy(results, (row) => row.test_fingerprint);
  return flaky
    .map(({ test_fingerprint: testFingerprint, flaky_commits: flakyCommits }) => {
      const runs = runsOf.get(testFingerprint) ?? [];
      const flips = runs.slice(1).filter((row, index) => row.passed !== runs[index]!.passed).length;
      return {
        testFingerprint, name: runs.at(-1)?.test_name ?? testFingerprint, runs: runs.length,
        failures: runs.filter((row) => row.passed === 0).length, commits: new Set(runs.map((row) => row.commit_sha)).size,
        flakyCommits, flipRate: runs.length > 1 ? flips / (runs.length - 1) : 0,
      };
    })
    .sort((a, b) => b.flipRate - a.flipRate || b.runs - a.runs);
}
