// Ingests a GitHub event payload ($GITHUB_EVENT_PATH): a concluded workflow_run closes the pending fix
// attempts it decides; reviews and review comments on fix pull requests become code_review items.

import { readFileSync } from "node:fs";
import { CfoError } from "../lib/errors.ts";
import { sha256 } from "../lib/hash.ts";
import type { FeedbackDatabase } from "./database.ts";
import type { FeedbackType, FixOutcome, NewFeedbackItem } from "./types.ts";

export interface EventIngestion {
  event: "workflow_run" | "pull_request_review" | "pull_request_review_comment" | "ignored";
  duplicate: boolean;
  closedAttempts: string[];
  items: number;
}

interface WorkflowRun {
  id: number | string;
  name?: string;
  conclusion?: string | null;
  head_sha?: string;
  head_branch?: string | null;
  updated_at?: string;
}

interface PullRequestEvent {
  pull_request?: { number?: number; head?: { ref?: string; sha?: string } };
  review?: { state?: string; body?: string | null; commit_id?: string };
  comment?: { body?: string; path?: string; line?: number | null; commit_id?: string };
}

/** GitHub conclusions that decide an attempt; neutral, skipped and stale leave it open. */
const CONCLUSIONS: Record<string, FixOutcome> = {
  success: "passed",
  failure: "failed",
  timed_out: "failed",
  startup_failure: "failed",
  action_required: "failed",
  cancelled: "abandoned",
};

const REVIEW_TYPES: Record<string, { type: FeedbackType; severity: number }> = {
  approved: { type: "success", severity: 0.1 },
  changes_requested: { type: "error", severity: 0.6 },
  commented: { type: "suggestion", severity: 0.3 },
  dismissed: { type: "info", severity: 0.1 },
};

export async function ingestEvent(database: FeedbackDatabase, file: string, fixBranchPrefixes: string[], now = Date.now()): Promise<EventIngestion> {
  const text = readEvent(file);
  let payload: { workflow_run?: WorkflowRun } & PullRequestEvent;
  try {
    payload = JSON.parse(text) as typeof payload;
  } catch (error) {
    throw new CfoError(`not a JSON event payload: ${(error as Error).message}`, { file });
  }
  const claimed = await database.store.transaction((tx) => database.claimIngestion(tx, `event:${sha256(text)}`, "event", now));
  const result: EventIngestion = { event: "ignored", duplicate: !claimed, closedAttempts: [], items: 0 };
  if (payload.workflow_run) result.event = "workflow_run";
  else if (payload.pull_request && payload.review) result.event = "pull_request_review";
  else if (payload.pull_request && payload.comment) result.event = "pull_request_review_comment";
  if (!claimed || result.event === "ignored") return result;

  if (payload.workflow_run) {
    const run = payload.workflow_run;
    const outcome = run.conclusion ? CONCLUSIONS[run.conclusion] : undefined;
    if (!outcome) return result;
    const finishedAt = run.updated_at ? Date.parse(run.updated_at) : now;
    result.closedAttempts = await database.closePendingAttempts(
      { runId: String(run.id), ...(run.head_sha ? { commit: run.head_sha } : {}), ...(run.head_branch ? { branch: run.head_branch } : {}) },
      outcome,
      Number.isNaN(finishedAt) ? now : finishedAt,
    );
    return result;
  }

  const branch = payload.pull_request?.head?.ref ?? "";
  const own = database.own;
  const attempt = await database.store.get<{ workflow_id: string; run_id: string; attempt: number; fingerprint: string | null; category: string | null }>(
    `SELECT workflow_id, run_id, attempt, fingerprint, category FROM fix_attempts WHERE branch = ? AND ${own.sql} ORDER BY started_at DESC LIMIT 1`,
    [branch, ...own.params],
  );
  if (!attempt && !fixBranchPrefixes.some((prefix) => branch.startsWith(prefix))) {
    result.event = "ignored";
    return result;
  }
  const item = reviewItem(payload, branch, now);
  await database.addItem({
    ...item,
    ...(attempt
      ? { workflowId: attempt.workflow_id, runId: attempt.run_id, attempt: attempt.attempt, ...(attempt.fingerprint ? { fingerprint: attempt.fingerprint } : {}), ...(attempt.category ? { category: attempt.category } : {}) }
      : {}),
  });
  result.items = 1;
  return result;
}

function reviewItem(payload: PullRequestEvent, branch: string, now: number): NewFeedbackItem {
  const pr = `PR #${payload.pull_request?.number ?? "?"} (${branch})`;
  if (payload.review) {
    const state = (payload.review.state ?? "commented").toLowerCase();
    const kind = REVIEW_TYPES[state] ?? REVIEW_TYPES.commented!;
    return {
      origin: "event", source: "code_review", createdAt: now, ...kind,
      message: `review ${state} on ${pr}${payload.review.body ? `: ${payload.review.body}` : ""}`,
      ...(payload.review.commit_id ? { commit: payload.review.commit_id } : {}),
    };
  }
  const comment = payload.comment!;
  const where = comment.path ? ` at ${comment.path}${comment.line ? `:${comment.line}` : ""}` : "";
  return {
    origin: "event", source: "code_review", type: "suggestion", severity: 0.3, createdAt: now,
    message: `review comment on ${pr}${where}: ${comment.body ?? ""}`,
    ...(comment.commit_id ? { commit: comment.commit_id } : {}),
  };
}

function readEvent(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CfoError(`cannot read the event payload: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file });
  }
}
