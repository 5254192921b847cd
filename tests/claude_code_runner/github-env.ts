// A GitHub-Actions-like place to run the action's own step: a temp git copy of the sample project
// broken by one of the example variants, GITHUB_* files and folders, and the action's run step
// (its bash and env, expressions filled in from inputs) executed by a real bash.

import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { applyVariant, loadVariants, type Variant } from "../../examples/lib/variants.ts";
import { bunBinary, git, repoRoot, tempDir } from "../helpers/run.ts";

export const FAKE_CLAUDE_DIR = join(repoRoot, "tests/fixtures/fake-claude");
const ACTION = join(repoRoot, ".github/actions/claude-code-runner/action.yaml");

export interface Workspace {
  /** The temp folder holding everything below. */
  dir: string;
  /** The broken sample project, a git repository whose HEAD is the failing commit. */
  project: string;
  cache: string;
  variant: Variant;
  logPath: string;
  cleanup(): void;
}

export async function brokenWorkspace(variantName: string): Promise<Workspace> {
  const temp = tempDir("cfo-runner-");
  const project = join(temp.path, "sample-project");
  cpSync(join(repoRoot, "examples/sample-project"), project, { recursive: true, filter: (source) => !source.includes("node_modules") });
  const variant = (await loadVariants(join(repoRoot, "examples/variants"))).find((v) => v.name === variantName);
  if (!variant) throw new Error(`no variant ${variantName}`);
  await applyVariant(project, variant);
  git(project, "init", "-q", "-b", "main");
  git(project, "add", "-A");
  git(project, "commit", "-q", "-m", `broken by ${variantName}`);
  const cache = join(temp.path, "cfo-cache");
  mkdirSync(cache);
  return { dir: temp.path, project, cache, variant, logPath: join(repoRoot, "examples/logs", `${variantName}.log`), cleanup: temp.cleanup };
}

/** The repository a runner names in GITHUB_REPOSITORY: the records of these tests carry it. */
export const RUNNER_REPOSITORY = "acme/invoice-kit";

/** GITHUB_* variables with real files, as a runner sets them for a workflow_run-triggered job. */
export function githubEnvironment(workspace: Workspace, runId = "4242"): Record<string, string> {
  const files = { output: join(workspace.dir, "github_output"), summary: join(workspace.dir, "step_summary.md"), event: join(workspace.dir, "event.json") };
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  // setup-bun puts a `bun` on PATH; the npm package's binary is named bun.exe, so link it.
  const bin = join(workspace.dir, "bin");
  mkdirSync(bin, { recursive: true });
  if (!existsSync(join(bin, "bun"))) symlinkSync(bunBinary, join(bin, "bun"));
  writeFileSync(files.event, JSON.stringify({ workflow_run: { id: Number(runId), conclusion: "failure", head_branch: "main", run_attempt: 1 } }));
  return {
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: "workflow_run",
    GITHUB_WORKSPACE: workspace.project,
    GITHUB_REPOSITORY: RUNNER_REPOSITORY,
    GITHUB_WORKFLOW: "claude-code-fix-ci",
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_JOB: "fix",
    GITHUB_REF_NAME: "main",
    GITHUB_ACTION_PATH: join(repoRoot, ".github/actions/claude-code-runner"),
    RUNNER_TEMP: workspace.dir,
    // The fake Claude Code first, and bun (its interpreter and the action's) as setup-bun puts it.
    PATH: [FAKE_CLAUDE_DIR, bin, process.env.PATH ?? ""].join(":"),
  };
}

/** $GITHUB_OUTPUT as @actions/core writes it (name<<delimiter ... delimiter). */
export function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, "utf8").split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[index]!);
    if (!heredoc) continue;
    const value: string[] = [];
    while (lines[index + 1] !== heredoc[2]) value.push(lines[(index += 1)]!);
    outputs[heredoc[1]!] = value.join("\n");
    index += 1;
  }
  return outputs;
}

/** Runs a shell script as an Actions `run:` step does (bash -eo pipefail). */
export async function runBashStep(script: string, env: Record<string, string>, cwd: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const child = Bun.spawn(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe", timeout: 60_000 });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { exitCode, stdout, stderr };
}

/** A workflow step's script and env, each `${{ expression }}` replaced from `values` (an unknown one throws). */
export function workflowStep(workflowFile: string, jobId: string, stepName: string, values: Record<string, string>): { run: string; env: Record<string, string> } {
  const workflow = parse(readFileSync(join(repoRoot, workflowFile), "utf8"));
  const step = workflow.jobs[jobId].steps.find((s: { name?: string }) => s.name === stepName);
  if (!step?.run) throw new Error(`no run step "${stepName}" in ${workflowFile} job ${jobId}`);
  const fill = (value: string) =>
    value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
      if (!(expression in values)) throw new Error(`no test value for \${{ ${expression} }} in ${stepName}`);
      return values[expression]!;
    });
  return { run: step.run, env: Object.fromEntries(Object.entries((step.env ?? {}) as Record<string, string>).map(([name, value]) => [name, fill(String(value))])) };
}

/**
 * Runs the action's "Run the fix loop" step as the runner would: its bash script with its env, where
 * `${{ inputs.X }}` takes `inputs[X]` or the action's default and the toolkit root is this repository.
 */
export async function runActionStep(inputs: Record<string, string>, env: Record<string, string>, cwd: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const action = parse(readFileSync(ACTION, "utf8"));
  const step = action.runs.steps.find((s: { id?: string }) => s.id === "run");
  const expression = (value: string) =>
    value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => {
      if (name === "steps.toolkit.outputs.root") return repoRoot;
      const input = /^inputs\.([\w-]+)$/.exec(name)?.[1];
      if (!input) throw new Error(`unexpected expression in the run step: ${name}`);
      return inputs[input] ?? String(action.inputs[input]?.default ?? "").replace(/\$\{\{\s*github\.(\w+)\s*\}\}/g, (_, key: string) => env[`GITHUB_${key.toUpperCase()}`] ?? "");
    });
  const stepEnv = Object.fromEntries(Object.entries(step.env as Record<string, string>).map(([name, value]) => [name, expression(String(value))]));
  return runBashStep(step.run, { ...env, ...stepEnv }, cwd);
}
