// FeedbackDatabase (the seed's name): the writes to the feedback store. Items, fix attempts with the
// files they changed and were given, and ingestion keys that make each report count once; every record
// carries the repository it came from.

import type { LoadedConfig } from "../lib/config/load.ts";
import { openConcernStore } from "../lib/storage/open.ts";
import { oneRepository, type RepositoryFilter } from "../lib/storage/repository-scope.ts";
import type { SqlParam, Store } from "../lib/storage/store.ts";
import { FEEDBACK_MIGRATIONS } from "./migrations.ts";
import type { FixAttemptRecord, FixOutcome, NewFeedbackItem } from "./types.ts";

const TERMINAL: ReadonlySet<FixOutcome> = new Set(["passed", "failed", "abandoned"]);

function newFeedbackId(): string {
  return `fb_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
}

export class FeedbackDatabase {
  constructor(
    readonly store: Store,
    /** owner/name that every record written here carries. */
    readonly repository: string,
  ) {}

  static async open(loaded: LoadedConfig): Promise<FeedbackDatabase> {
    return new FeedbackDatabase(await openConcernStore(loaded, "feedback", FEEDBACK_MIGRATIONS), loaded.repository);
  }

  /** This repository's rows (and those written before rows named one), for lookups that belong to it. */
  get own(): RepositoryFilter {
    return oneRepository(this.repository);
  }

  close(): void {
    this.store.close();
  }

  async addItem(item: NewFeedbackItem, id = newFeedbackId(), db: Store = this.store): Promise<string> {
    await db.run(
      `INSERT INTO feedback_items (id, created_at, origin, type, source, severity, message, workflow_id, run_id, attempt,
         fingerprint, category, test_fingerprint, commit_sha, job, repository)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, severity = excluded.severity, message = excluded.message`,
      [
        id, item.createdAt ?? Date.now(), item.origin, item.type, item.source, item.severity, item.message,
        item.workflowId ?? null, item.runId ?? null, item.attempt ?? null, item.fingerprint ?? null, item.category ?? null,
        item.testFingerprint ?? null, item.commit ?? null, item.job ?? null, this.repository,
      ],
    );
    return id;
  }

  /**
   * Records an attempt, or updates it when the same (repository, workflow, run, attempt, strategy) was
   * recorded before (first as pending, later with its outcome). Returns the attempt's feedback id.
   */
  async upsertAttempt(record: FixAttemptRecord, now = Date.now()): Promise<string> {
    const own = this.own;
    return this.store.transaction(async (tx) => {
      const existing = await tx.get<{ id: string; started_at: number; outcome: FixOutcome }>(
        `SELECT id, started_at, outcome FROM fix_attempts WHERE workflow_id = ? AND run_id = ? AND attempt = ? AND strategy = ? AND ${own.sql}`,
        [record.workflowId, record.runId, record.attempt, record.strategy, ...own.params],
      );
      const terminal = TERMINAL.has(record.outcome);
      const id = existing?.id ?? newFeedbackId();
      const startedAt = existing?.started_at ?? (terminal && record.durationMs !== undefined ? now - record.durationMs : now);
      const optional: SqlParam[] = [
        record.fingerprint ?? null, record.category ?? null, record.durationMs ?? null, record.turns ?? null,
        record.inputTokens ?? null, record.outputTokens ?? null, record.cacheReadTokens ?? null, record.costUsd ?? null,
        record.commit ?? null, record.branch ?? null, record.job ?? null,
      ];
      if (existing) {
        await tx.run(
          `UPDATE fix_attempts SET outcome = ?, finished_at = CASE WHEN ? = 1 THEN COALESCE(finished_at, ?) ELSE NULL END,
             fingerprint = COALESCE(?, fingerprint), category = COALESCE(?, category), duration_ms = COALESCE(?, duration_ms),
             turns = COALESCE(?, turns), input_tokens = COALESCE(?, input_tokens), output_tokens = COALESCE(?, output_tokens),
             cache_read_tokens = COALESCE(?, cache_read_tokens), cost_usd = COALESCE(?, cost_usd),
             commit_sha = COALESCE(?, commit_sha), branch = COALESCE(?, branch), job = COALESCE(?, job), repository = ?
           WHERE id = ?`,
          [record.outcome, terminal ? 1 : 0, now, ...optional, this.repository, id],
        );
      } else {
        await tx.run(
          `INSERT INTO fix_attempts (id, workflow_id, run_id, attempt, strategy, outcome, started_at, finished_at,
             fingerprint, category, duration_ms, turns, input_tokens, output_tokens, cache_read_tokens, cost_usd, commit_sha, branch, job, repository)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, record.workflowId, record.runId, record.attempt, record.strategy, record.outcome, startedAt, terminal ? now : null, ...optional, this.repository],
        );
      }
      for (const [role, paths] of [["changed", record.changedFiles], ["context", record.contextFiles]] as const) {
        for (const path of paths ?? []) {
          await tx.run("INSERT INTO attempt_files (attempt_id, role, path, started_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", [id, role, path, startedAt]);
        }
      }
      await this.addItem(attemptItem(record, startedAt), id, tx);
      return id;
    });
  }

  /** Claims an ingestion key inside a transaction; false when this repository ingested that report before. */
  async claimIngestion(tx: Store, key: string, kind: string, now = Date.now()): Promise<boolean> {
    if (await tx.get("SELECT 1 AS found FROM ingestions WHERE key = ? AND repository = ''", [key])) return false;
    const result = await tx.run(
      "INSERT INTO ingestions (key, kind, created_at, repository) VALUES (?, ?, ?, ?) ON CONFLICT (repository, key) DO NOTHING",
      [key, kind, now, this.repository],
    );
    return result.changes === 1;
  }

  /** Closes pending attempts that a concluded workflow run decided; returns the ids it closed. */
  async closePendingAttempts(match: { runId: string; commit?: string; branch?: string }, outcome: FixOutcome, finishedAt: number): Promise<string[]> {
    const own = this.own;
    return this.store.transaction(async (tx) => {
      const open = await tx.all<{ id: string; workflow_id: string; run_id: string; attempt: number; strategy: string; started_at: number }>(
        // Only attempts that started before the run concluded: the failure that triggered a fix also
        // arrives as a concluded run, and must not close the fix it triggered.
        `SELECT id, workflow_id, run_id, attempt, strategy, started_at FROM fix_attempts
         WHERE outcome = 'pending' AND started_at <= ? AND (run_id = ? OR commit_sha = ? OR (commit_sha IS NULL AND branch = ?)) AND ${own.sql}`,
        [finishedAt, match.runId, match.commit ?? null, match.branch ?? null, ...own.params],
      );
      for (const attempt of open) {
        await tx.run("UPDATE fix_attempts SET outcome = ?, finished_at = ?, duration_ms = COALESCE(duration_ms, ?) WHERE id = ?", [
          outcome, finishedAt, finishedAt - attempt.started_at, attempt.id,
        ]);
        await tx.run("UPDATE feedback_items SET type = ?, message = ? WHERE id = ?", [
          itemType(outcome), attemptMessage(attempt.strategy, attempt.attempt, attempt.workflow_id, attempt.run_id, outcome), attempt.id,
        ]);
      }
      return open.map((attempt) => attempt.id);
    });
  }
}

function attemptItem(record: FixAttemptRecord, createdAt: number): NewFeedbackItem {
  return {
    origin: "attempt",
    message: attemptMessage(record.strategy, record.attempt, record.workflowId, record.runId, record.outcome),
    type: itemType(record.outcome),
    source: record.strategy === "ai_fix" ? "ai_agent" : record.strategy === "manual" ? "user" : "ci",
    severity: record.outcome === "failed" ? 0.6 : record.outcome === "passed" ? 0 : 0.3,
    createdAt,
    workflowId: record.workflowId,
    runId: record.runId,
    attempt: record.attempt,
    ...(record.fingerprint ? { fingerprint: record.fingerprint } : {}),
    ...(record.category ? { category: record.category } : {}),
    ...(record.commit ? { commit: record.commit } : {}),
    ...(record.job ? { job: record.job } : {}),
  };
}

function itemType(outcome: FixOutcome): NewFeedbackItem["type"] {
  return outcome === "passed" ? "success" : outcome === "failed" ? "error" : outcome === "abandoned" ? "warning" : "info";
}

function attemptMessage(strategy: string, attempt: number, workflowId: string, runId: string, outcome: string): string {
  return `${strategy} attempt ${attempt} for ${workflowId} run ${runId}: ${outcome}`;
}
