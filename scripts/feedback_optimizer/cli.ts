// The command line of feedback_optimizer: the seed's flags, and the turning of flags and the GITHUB_*
// environment into the records the library takes.

import type { FlagSpec, ParsedArgs, ScriptSpec } from "../lib/cli.ts";
import { CfoError } from "../lib/errors.ts";
import type { RunContext } from "./ingest.ts";
import { FEEDBACK_MIGRATIONS } from "./migrations.ts";
import { OUTCOMES, STRATEGIES, isOneOf, type FixAttemptRecord } from "./types.ts";

export const ACTIONS = ["add-feedback", "report", "cleanup", "ingest-junit", "ingest-analysis", "ingest-event", "record-attempt"] as const;
export type Action = (typeof ACTIONS)[number];

/** Invocations that only record: their failures warn and exit 0 unless --strict. */
const RECORDING: ReadonlySet<Action> = new Set(["add-feedback", "ingest-junit", "ingest-analysis", "ingest-event", "record-attempt"]);

const flags: FlagSpec[] = [
  { name: "add-feedback", type: "string", valueName: "MSG", description: "Add a feedback item; prints its id (the action's feedback-id output)." },
  { name: "type", type: "string", valueName: "T", description: "Item type: error, warning, success, suggestion, performance, info (default error)." },
  { name: "source", type: "string", valueName: "S", description: "Item source: ci, automated_tests, code_review, user, ai_agent, monitoring (default user)." },
  { name: "severity", type: "string", numeric: true, valueName: "X", description: "Item severity 0..1 (default 0.5)." },
  { name: "report", type: "boolean", description: "Print patterns, key metrics and recommendations (the default action)." },
  { name: "days", type: "string", numeric: true, valueName: "N", description: "Report window in days (default feedback.reportDays).", configPath: ["feedback", "reportDays"] },
  { name: "cleanup", type: "boolean", description: "Aggregate, drop items past retention (storage.retentionDays.feedback) and compact." },
  { name: "ingest-junit", type: "string", multiple: true, valueName: "FILES", description: "Ingest JUnit XML reports (files or globs; repeat the flag or list more after it)." },
  { name: "ingest-analysis", type: "string", valueName: "FILE", description: "Ingest error_parser's --json analysis; its errors become items linked by fingerprint." },
  { name: "ingest-event", type: "boolean", description: "Ingest a GitHub event payload (FILE after the flag, default $GITHUB_EVENT_PATH)." },
  { name: "record-attempt", type: "boolean", description: "Record a fix attempt (the fields below); again with --outcome once it is known." },
  { name: "workflow-id", type: "string", valueName: "ID", description: "Workflow id (default $GITHUB_WORKFLOW)." },
  { name: "run-id", type: "string", valueName: "ID", description: "Run id (default $GITHUB_RUN_ID)." },
  { name: "attempt", type: "string", numeric: true, valueName: "N", description: "Attempt number (default $GITHUB_RUN_ATTEMPT or 1)." },
  { name: "strategy", type: "string", valueName: "S", description: "Fix strategy: retry, ai_fix, manual." },
  { name: "outcome", type: "string", valueName: "O", description: "Attempt outcome: passed, failed, abandoned, pending." },
  { name: "fingerprint", type: "string", valueName: "FP", description: "Error fingerprint (error_parser's errors[].fingerprint)." },
  { name: "category", type: "string", valueName: "C", description: "Error category (docs/error-taxonomy)." },
  { name: "duration-ms", type: "string", numeric: true, valueName: "MS", description: "Attempt duration (ms)." },
  { name: "turns", type: "string", numeric: true, valueName: "N", description: "AI turns used." },
  { name: "input-tokens", type: "string", numeric: true, valueName: "N", description: "Input tokens." },
  { name: "output-tokens", type: "string", numeric: true, valueName: "N", description: "Output tokens." },
  { name: "cache-read-tokens", type: "string", numeric: true, valueName: "N", description: "Prompt-cache read tokens." },
  { name: "cost-usd", type: "string", numeric: true, valueName: "USD", description: "Cost (USD)." },
  { name: "changed-files", type: "string", valueName: "A,B", description: "Files the fix changed, comma-separated." },
  { name: "context-files", type: "string", valueName: "C,D", description: "Files the context pack held, comma-separated." },
  { name: "commit", type: "string", valueName: "SHA", description: "Commit (default $GITHUB_SHA); flaky tests are found per commit." },
  { name: "branch", type: "string", valueName: "B", description: "Branch of the fix (default $GITHUB_HEAD_REF or $GITHUB_REF_NAME)." },
  { name: "job", type: "string", valueName: "J", description: "CI job (default $GITHUB_JOB)." },
];

export const feedbackSpec: ScriptSpec = {
  name: "feedback_optimizer",
  summary: "records fix attempts, test reports, analyses and reviews; reports patterns and recommendations",
  flags,
  stores: [{ name: "feedback", migrations: FEEDBACK_MIGRATIONS }],
  examples: [
    'bun scripts/feedback_optimizer.ts --add-feedback "Test failure in module X" --type error --source automated_tests --severity 0.7',
    "bun scripts/feedback_optimizer.ts --report --days 7",
    "bun scripts/feedback_optimizer.ts --ingest-junit 'reports/**/*.xml' --commit $GITHUB_SHA",
    "bun scripts/feedback_optimizer.ts --ingest-analysis analysis.json",
    "bun scripts/feedback_optimizer.ts --ingest-event",
    "bun scripts/feedback_optimizer.ts --record-attempt --workflow-id ci --run-id 42 --attempt 1 --strategy retry --outcome pending --category network",
    "bun scripts/feedback_optimizer.ts --cleanup",
  ],
  acceptsPositionals: true,
  isTelemetry: (args) => [...RECORDING].some((action) => args[action] !== undefined && args[action] !== false),
};

/** The one action this invocation asks for; --report when none is named. */
export function chosenAction(args: ParsedArgs): Action {
  const named = ACTIONS.filter((action) => args[action] !== undefined && args[action] !== false);
  if (named.length > 1) throw new CfoError(`choose one action per run, got ${named.map((action) => `--${action}`).join(" and ")}`);
  return named[0] ?? "report";
}

export function runContext(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): RunContext {
  const attempt = text(args.attempt) ?? text(env.GITHUB_RUN_ATTEMPT);
  return dropUndefined({
    workflowId: text(args["workflow-id"]) ?? text(env.GITHUB_WORKFLOW),
    runId: text(args["run-id"]) ?? text(env.GITHUB_RUN_ID),
    attempt: attempt === undefined ? undefined : Number(attempt),
    commit: text(args.commit) ?? text(env.GITHUB_SHA),
    job: text(args.job) ?? text(env.GITHUB_JOB),
  });
}

/** The error a manual item is about, when --fingerprint or --category name it. */
export function errorLink(args: ParsedArgs): { fingerprint?: string; category?: string } {
  return dropUndefined({ fingerprint: text(args.fingerprint), category: text(args.category) });
}

export function attemptRecord(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): FixAttemptRecord {
  const run = runContext(args, env);
  const strategy = text(args.strategy);
  const outcome = text(args.outcome);
  if (!run.workflowId || !run.runId) throw new CfoError("--record-attempt needs --workflow-id and --run-id (or $GITHUB_WORKFLOW and $GITHUB_RUN_ID)");
  if (!strategy || !isOneOf(STRATEGIES, strategy)) throw new CfoError(`--record-attempt needs --strategy ${STRATEGIES.join("|")}`);
  if (!outcome || !isOneOf(OUTCOMES, outcome)) throw new CfoError(`--record-attempt needs --outcome ${OUTCOMES.join("|")}`);
  const number = (name: string) => (text(args[name]) === undefined ? undefined : Number(args[name]));
  const list = (name: string) => text(args[name])?.split(",").map((path) => path.trim()).filter(Boolean);
  return dropUndefined({
    workflowId: run.workflowId, runId: run.runId, attempt: run.attempt ?? 1, strategy, outcome,
    ...errorLink(args),
    durationMs: number("duration-ms"), turns: number("turns"), inputTokens: number("input-tokens"), outputTokens: number("output-tokens"),
    cacheReadTokens: number("cache-read-tokens"), costUsd: number("cost-usd"),
    changedFiles: list("changed-files"), contextFiles: list("context-files"),
    commit: run.commit, branch: text(args.branch) ?? text(env.GITHUB_HEAD_REF) ?? text(env.GITHUB_REF_NAME), job: run.job,
  }) as FixAttemptRecord;
}

function text(value: ParsedArgs[string]): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
