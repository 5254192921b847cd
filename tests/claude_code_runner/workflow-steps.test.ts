// The workflows' own shell steps run for real, in order, on one cache: the fix loop recommends a
// re-run (a pending retry attempt), record-outcome ingests the run's success event and closes it,
// and the maintenance job's cleanup and weekly report run on what was recorded.

import { afterEach, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keyMetrics } from "../../scripts/feedback_optimizer.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { repoRoot } from "../helpers/run.ts";
import { brokenWorkspace, githubEnvironment, readOutputs, runActionStep, runBashStep, workflowStep, type Workspace } from "./github-env.ts";

let workspace: Workspace | undefined;
afterEach(() => workspace?.cleanup());

test("retry recommended, the re-run's success closes the attempt, then cleanup and the weekly report", async () => {
  workspace = await brokenWorkspace("network");
  const env = githubEnvironment(workspace, "777");
  const fix = await runActionStep({ "error-log": workspace.logPath, "cache-dir": workspace.cache }, env, workspace.project);
  expect(fix.exitCode).toBe(0);
  expect(readOutputs(env.GITHUB_OUTPUT!)["fix-outcome"]).toBe("retry");

  // The re-run of run 777 passed: GitHub sends a workflow_run event for the same run id.
  const event = join(workspace.dir, "rerun-event.json");
  writeFileSync(event, JSON.stringify({ workflow_run: { id: 777, name: "CI", conclusion: "success", head_branch: "main", updated_at: new Date(Date.now() + 1000).toISOString() } }));
  const values = { "runner.temp": workspace.dir, "inputs.days || '7'": "7" };
  const record = workflowStep(".github/workflows/claude-code-fix-ci.yaml", "record-outcome", "Close the fix attempts this run decides", values);
  const recorded = await runBashStep(record.run, { ...env, ...record.env, GITHUB_EVENT_PATH: event }, repoRoot);
  expect(recorded.stderr).toBe("");
  expect(recorded.exitCode).toBe(0);
  const loaded = await loadConfig({ projectRoot: repoRoot, env: { CFO_CACHE_DIR: workspace.cache, GITHUB_REPOSITORY: env.GITHUB_REPOSITORY } });
  expect(await keyMetrics(loaded, { days: 1 })).toMatchObject({ attempts: 1, retrySuccessRate: 1 });

  for (const name of ["Clean up past retention", "Weekly report"]) {
    const step = workflowStep(".github/workflows/cfo-maintenance.yaml", "maintain", name, values);
    const ran = await runBashStep(step.run, { ...env, ...step.env }, repoRoot);
    expect({ name, exitCode: ran.exitCode, stderr: ran.stderr }).toEqual({ name, exitCode: 0, stderr: "" });
  }
  const summary = readFileSync(env.GITHUB_STEP_SUMMARY!, "utf8");
  expect(summary).toContain("Feedback");
  expect(summary).toContain("retry");
}, 60_000);
