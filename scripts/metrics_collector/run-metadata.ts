// What identifies a run and describes it: from the GITHUB_* variables inside Actions, from flags
// (or the caller) elsewhere. Flags win over the environment.

import { platform } from "node:os";

export type RunOutcome = "success" | "failure" | "cancelled" | "skipped" | "abandoned";

export interface RunMetadata {
  workflowId: string;
  runId: string;
  attempt: number;
  job: string;
  commit: string | null;
  branch: string | null;
  runnerOs: string;
}

export interface RunIdentity {
  workflowId?: string;
  runId?: string;
  job?: string;
}

/** The run's metadata; undefined when neither flags nor the environment name the workflow and run. */
export function runMetadata(given: RunIdentity, env: NodeJS.ProcessEnv = process.env): RunMetadata | undefined {
  const workflowId = given.workflowId ?? env.GITHUB_WORKFLOW;
  const runId = given.runId ?? env.GITHUB_RUN_ID;
  if (!workflowId || !runId) return undefined;
  return {
    workflowId,
    runId,
    attempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1) || 1,
    job: given.job ?? env.GITHUB_JOB ?? "",
    commit: env.GITHUB_SHA ?? null,
    branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || null,
    runnerOs: env.RUNNER_OS ?? platform(),
  };
}

export const RUN_OUTCOMES: RunOutcome[] = ["success", "failure", "cancelled", "skipped", "abandoned"];

export function parseOutcome(text: string): RunOutcome | undefined {
  return RUN_OUTCOMES.find((outcome) => outcome === text.toLowerCase());
}
