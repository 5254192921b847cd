// ErrorCache (the seed's name): the errors store under <cacheRoot>/errors/. It answers a repeated
// analysis of the same log under the same configuration in the same repository, remembers every
// fingerprint's sightings per workflow and repository (for "seen 7 times in the last 30 days", pooled
// per learning.scope), and keeps Claude's answers per fingerprint.

import type { LoadedConfig } from "../lib/config/load.ts";
import { cleanupStore, openConcernStore, type CleanupResult } from "../lib/storage/open.ts";
import { learningRepositories, oneRepository, reportRepositories } from "../lib/storage/repository-scope.ts";
import type { Migrations, Store } from "../lib/storage/store.ts";
import type { ErrorAnalysis, Recurrence } from "./types.ts";

const DAY_MS = 86_400_000;

export const ERRORS_MIGRATIONS: Migrations = [
  `CREATE TABLE analyses (
     id INTEGER PRIMARY KEY,
     log_sha256 TEXT NOT NULL,
     config_hash TEXT NOT NULL,
     workflow_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     category TEXT NOT NULL,
     error_count INTEGER NOT NULL,
     result TEXT NOT NULL
   );
   CREATE INDEX analyses_key ON analyses (log_sha256, config_hash);
   CREATE TABLE sightings (
     fingerprint TEXT NOT NULL,
     workflow_id TEXT NOT NULL,
     seen_at INTEGER NOT NULL,
     category TEXT NOT NULL,
     message TEXT NOT NULL
   );
   CREATE INDEX sightings_fingerprint ON sightings (fingerprint, seen_at);
   CREATE TABLE cache_lookups (looked_up_at INTEGER NOT NULL, hit INTEGER NOT NULL);
   CREATE TABLE llm_answers (
     fingerprint TEXT PRIMARY KEY,
     model TEXT NOT NULL,
     answer TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
  // Records name their repository ('' = written before, the store's own); Claude's answers are about a message, not a repository.
  `ALTER TABLE analyses ADD COLUMN repository TEXT NOT NULL DEFAULT '';
   ALTER TABLE sightings ADD COLUMN repository TEXT NOT NULL DEFAULT '';
   ALTER TABLE cache_lookups ADD COLUMN repository TEXT NOT NULL DEFAULT '';`,
];

export interface Sighting {
  fingerprint: string;
  category: string;
  message: string;
}

/**
 * A stored analysis plus the primary error's own retry flag: the retry decision is made again on every
 * lookup, because the attempt count and the learned evidence change while the log does not.
 */
export interface CachedAnalysis {
  analysis: ErrorAnalysis;
  patternRetry: boolean | null;
}

export class ErrorCache {
  private constructor(
    readonly store: Store,
    private readonly loaded: LoadedConfig,
    private readonly now: () => number,
  ) {}

  static async open(loaded: LoadedConfig, now: () => number = Date.now): Promise<ErrorCache> {
    return new ErrorCache(await openConcernStore(loaded, "errors", ERRORS_MIGRATIONS), loaded, now);
  }

  /**
   * An earlier analysis of the same log under the same configuration in this repository (its recurrence
   * counts are this repository's view), with what its retry decision rests on; the lookup is counted.
   */
  async lookup(logSha256: string, configHash: string): Promise<CachedAnalysis | undefined> {
    const own = oneRepository(this.loaded.repository);
    const row = await this.store.get<{ result: string }>(
      `SELECT result FROM analyses WHERE log_sha256 = ? AND config_hash = ? AND ${own.sql} ORDER BY created_at DESC, id DESC LIMIT 1`,
      [logSha256, configHash, ...own.params],
    );
    await this.store.run("INSERT INTO cache_lookups (looked_up_at, hit, repository) VALUES (?, ?, ?)", [this.now(), row ? 1 : 0, this.loaded.repository]);
    if (!row) return undefined;
    const cached = JSON.parse(row.result) as Partial<CachedAnalysis>;
    // A row written before the retry basis was stored is a miss, not an error.
    return cached.analysis ? (cached as CachedAnalysis) : undefined;
  }

  /** Records one analysis and its errors' sightings, atomically. */
  async record(cached: CachedAnalysis, workflowId: string, sightings: Sighting[]): Promise<void> {
    const { analysis } = cached;
    const at = this.now();
    const { repository } = this.loaded;
    await this.store.transaction(async (tx) => {
      await tx.run(
        "INSERT INTO analyses (log_sha256, config_hash, workflow_id, created_at, category, error_count, result, repository) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [analysis.log.sha256, analysis.configHash, workflowId, at, analysis.summary.category, analysis.summary.errorCount, JSON.stringify(cached), repository],
      );
      for (const sighting of sightings) {
        await tx.run("INSERT INTO sightings (fingerprint, workflow_id, seen_at, category, message, repository) VALUES (?, ?, ?, ?, ?, ?)", [
          sighting.fingerprint,
          workflowId,
          at,
          sighting.category,
          sighting.message,
          repository,
        ]);
      }
    });
  }

  /** Earlier sightings of a fingerprint within `days` (any workflow; this repository's or the organisation's, per learning.scope); null when never seen. */
  async recurrence(fingerprint: string, days: number): Promise<Recurrence | null> {
    const pooled = learningRepositories(this.loaded);
    const row = await this.store.get<{ count: number; first_seen: number | null; last_seen: number | null }>(
      `SELECT COUNT(*) AS count, MIN(seen_at) AS first_seen, MAX(seen_at) AS last_seen FROM sightings WHERE fingerprint = ? AND seen_at >= ? AND ${pooled.sql}`,
      [fingerprint, this.now() - days * DAY_MS, ...pooled.params],
    );
    if (!row || row.count === 0 || row.first_seen === null || row.last_seen === null) return null;
    return { count: row.count, days, firstSeen: new Date(row.first_seen).toISOString(), lastSeen: new Date(row.last_seen).toISOString() };
  }

  /** Lookups and hits of the repositories a report covers (the current one, or every one with --all-repos). */
  async cacheStats(days: number): Promise<{ lookups: number; hits: number; hitRate: number | null }> {
    const covered = reportRepositories(this.loaded);
    const row = await this.store.get<{ lookups: number; hits: number | null }>(
      `SELECT COUNT(*) AS lookups, SUM(hit) AS hits FROM cache_lookups WHERE looked_up_at >= ? AND ${covered.sql}`,
      [this.now() - days * DAY_MS, ...covered.params],
    );
    const lookups = row?.lookups ?? 0;
    const hits = row?.hits ?? 0;
    return { lookups, hits, hitRate: lookups ? hits / lookups : null };
  }

  async llmAnswer(fingerprint: string, model: string): Promise<string | undefined> {
    return (await this.store.get<{ answer: string }>("SELECT answer FROM llm_answers WHERE fingerprint = ? AND model = ?", [fingerprint, model]))?.answer;
  }

  async saveLlmAnswer(fingerprint: string, model: string, answer: string): Promise<void> {
    // One statement: two runners answering the same fingerprint at once must not collide on its key.
    await this.store.run(
      `INSERT INTO llm_answers (fingerprint, model, answer, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (fingerprint) DO UPDATE SET model = excluded.model, answer = excluded.answer, created_at = excluded.created_at`,
      [fingerprint, model, answer, this.now()],
    );
  }

  /** --cleanup: drops rows past the errors store's retention and compacts the file. */
  cleanup(retentionDays: number): Promise<CleanupResult> {
    return cleanupStore(this.store, retentionDays, [
      { table: "analyses", column: "created_at" },
      { table: "sightings", column: "seen_at" },
      { table: "cache_lookups", column: "looked_up_at" },
      { table: "llm_answers", column: "created_at" },
    ]);
  }

  close(): void {
    this.store.close();
  }
}
