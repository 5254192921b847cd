// Workflow-command injection through every script that prints text from logs or repositories:
// with GITHUB_ACTIONS=true, a hostile log and a hostile repository file must not make the runner
// execute anything but the scripts' own annotations and stop/resume pairs, nor forge an output.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { git, runScript, tempDir, type ScriptRun } from "../helpers/run.ts";
import { commandsTheRunnerExecutes, githubStep, unintendedCommands } from "../helpers/actions-runner.ts";

const fixtures = join(import.meta.dir, "../fixtures/e2e");
const work = tempDir("cfo-e2e-inject-");
const project = join(work.path, "project");
const hostileLog = join(project, "ci.log");
const cache = join(work.path, "cache");
let analysisFile = "";

beforeAll(async () => {
  mkdirSync(join(project, "src"), { recursive: true });
  copyFileSync(join(fixtures, "hostile-app.ts"), join(project, "src/app.ts"));
  copyFileSync(join(fixtures, "hostile.log"), hostileLog);
  git(project, "init", "-q", "-b", "main");
  git(project, "add", "-A");
  git(project, "commit", "-q", "-m", "hostile");
  // An analysis made outside Actions, for the scripts that ingest one.
  const plain = await runScript("error_parser", ["--log", hostileLog, "--project-root", project, "--json"], { env: { CFO_CACHE_DIR: cache } });
  expect(plain.exitCode).toBe(0);
  analysisFile = join(work.path, "analysis.json");
  writeFileSync(analysisFile, plain.stdout);
});
afterAll(() => work.cleanup());

const forgedOutputKeys = ["A", "x"];

async function inActions(script: string, args: string[]): Promise<{ run: ScriptRun; outputs: Record<string, string>; summary: string }> {
  const step = githubStep(mkdtemp());
  const run = await runScript(script, args, { cwd: project, env: { ...step.env, CFO_CACHE_DIR: cache, ANTHROPIC_API_KEY: undefined } });
  return { run, outputs: step.outputs(), summary: step.summary() };
}

let stepCount = 0;
function mkdtemp(): string {
  const dir = join(work.path, `step-${(stepCount += 1)}`);
  mkdirSync(dir);
  return dir;
}

function expectInert(result: { run: ScriptRun; outputs: Record<string, string> }): void {
  expect(`exit ${result.run.exitCode}: ${result.run.stderr}`).toStartWith("exit 0:");
  expect(unintendedCommands(result.run.stdout).map((c) => c.line)).toEqual([]);
  // stderr is shown in the job log too, and the runner reads commands from it.
  expect(unintendedCommands(result.run.stderr).map((c) => c.line)).toEqual([]);
  for (const key of forgedOutputKeys) expect(Object.keys(result.outputs)).not.toContain(key);
  if ("retry-recommended" in result.outputs) expect(result.outputs["retry-recommended"]).toBe("false");
}

/** --json promises one JSON object on stdout, in Actions too; the tail shows what broke it. */
function expectOneJsonObject(stdout: string): void {
  let parsed = true;
  try {
    JSON.parse(stdout);
  } catch {
    parsed = false;
  }
  expect({ parsed, head: stdout.slice(0, 300), tail: stdout.slice(-300) }).toMatchObject({ parsed: true });
}

test("the runner model does see the hostile input's commands (this suite can fail)", () => {
  const names = commandsTheRunnerExecutes(readFileSync(hostileLog, "utf8")).map((c) => c.name);
  expect(names).toContain("add-mask");
  expect(names).toContain("stop-commands");
  expect(unintendedCommands(readFileSync(join(fixtures, "hostile-app.ts"), "utf8")).map((c) => c.name)).toContain("set-env");
  expect(unintendedCommands(readFileSync(hostileLog, "utf8")).length).toBeGreaterThan(0);
  // A resume line with a hex token (what printUntrusted writes) does end the suspension.
  expect(commandsTheRunnerExecutes(["::stop-commands::0a1b2c3d4e5f60718293a4b5c6d7e8f9", "::add-mask::x", "::0a1b2c3d4e5f60718293a4b5c6d7e8f9::", "::error::own"].join("\n")).map((c) => c.name)).toEqual(["stop-commands", "error"]);
});

describe("error_parser", () => {
  test("text output: only its own annotations execute", async () => {
    const result = await inActions("error_parser", ["--log", hostileLog, "--project-root", project]);
    expectInert(result);
    const annotations = commandsTheRunnerExecutes(result.run.stdout).filter((c) => c.name === "error");
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.every((a) => a.args.includes("file=src/app.ts"))).toBe(true);
    expect(result.outputs["error-count"]).toBeDefined();
  });

  test("--json in Actions: stdout stays one JSON object and executes nothing", async () => {
    const result = await inActions("error_parser", ["--log", hostileLog, "--project-root", project, "--json"]);
    expectInert(result);
    expectOneJsonObject(result.run.stdout);
  });

  test("stdin log: the same", async () => {
    const step = githubStep(mkdtemp());
    const run = await runScript("error_parser", ["--log", "-", "--project-root", project], {
      cwd: project,
      env: { ...step.env, CFO_CACHE_DIR: cache },
      stdin: readFileSync(hostileLog),
    });
    expectInert({ run, outputs: step.outputs() });
  });
});

describe("context_manager", () => {
  for (const format of ["markdown", "xml", "json"]) {
    test(`--format ${format} to stdout`, async () => {
      const result = await inActions("context_manager", ["--error-log", hostileLog, "--project-root", project, "--format", format, "--task", "fix ::add-mask::x"]);
      expectInert(result);
      expect(result.run.stdout).toContain("src/app.ts");
      if (format === "json") expectOneJsonObject(result.run.stdout);
    });
  }

  test("--json --explain", async () => {
    const result = await inActions("context_manager", ["--error-log", hostileLog, "--project-root", project, "--json", "--explain"]);
    expectInert(result);
    expectOneJsonObject(result.run.stdout);
  });
});

describe("claude_code_runner (dry run)", () => {
  test("text output", async () => {
    const result = await inActions("claude_code_runner", ["--error-log", hostileLog, "--project-root", project, "--mode", "dry-run", "--task", "fix ::add-mask::x", "--out", mkdtemp()]);
    expectInert(result);
    expect(result.outputs["fix-outcome"]).toBe("dry-run");
  });

  test("--json", async () => {
    const result = await inActions("claude_code_runner", ["--error-log", hostileLog, "--project-root", project, "--mode", "dry-run", "--json", "--out", mkdtemp()]);
    expectInert(result);
    expectOneJsonObject(result.run.stdout);
  });
});

describe("feedback_optimizer and metrics_collector", () => {
  const hostileText = readFileSync(join(fixtures, "hostile.log"), "utf8").split("\n").slice(1, 6).join("\n");

  test("recording hostile text", async () => {
    expectInert(await inActions("feedback_optimizer", ["--project-root", project, "--ingest-analysis", analysisFile]));
    expectInert(await inActions("feedback_optimizer", ["--project-root", project, "--add-feedback", hostileText]));
    expectInert(
      await inActions("feedback_optimizer", [
        "--project-root", project, "--record-attempt", "--workflow-id", "::add-mask::wf", "--run-id", "1", "--attempt", "1",
        "--strategy", "ai_fix", "--outcome", "failed", "--category", "syntax", "--changed-files", "src/app.ts,::set-output name=x::y",
      ]),
    );
    expectInert(await inActions("metrics_collector", ["--project-root", project, "--workflow-id", "::add-mask::wf", "--run-id", "1", "--gauge", "ai.turns=3"]));
  }, 30_000);

  // Runs after the recording above (bun runs a file's tests in order).
  const reports: [string, string[]][] = [
    ["feedback_optimizer", ["--report"]],
    ["feedback_optimizer", ["--report", "--json"]],
    ["metrics_collector", ["--report"]],
    ["metrics_collector", ["--report", "--json"]],
  ];
  for (const [script, args] of reports) {
    test(`${script} ${args.join(" ")} over the recorded hostile text`, async () => {
      const result = await inActions(script, ["--project-root", project, ...args]);
      expectInert(result);
      if (args.includes("--json")) expectOneJsonObject(result.run.stdout);
    });
  }
});
