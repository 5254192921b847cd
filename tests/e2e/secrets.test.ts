// Secrets in the repository never leave: the whole loop (error_parser, context_manager in every
// format, the runner's dry run, feedback and metrics recording and reports) runs on a repository
// with planted secrets and a log naming their files; no secret may appear in any stdout or stderr,
// any written file, any byte under the cache root (SQLite files and WALs included), or the step summary.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runScript, tempDir } from "../helpers/run.ts";
import { githubStep } from "../helpers/actions-runner.ts";
import { repositoryWithSecrets, type PlantedSecrets } from "./secrets-repo.ts";

const work = tempDir("cfo-e2e-leaks-");
let planted: PlantedSecrets;
afterAll(() => {
  planted?.cleanup();
  work.cleanup();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Runs the whole loop on `log` in a fresh folder; returns where each piece of text came from -> the text. */
async function runTheLoop(name: string, log: string): Promise<Map<string, string>> {
  const emitted = new Map<string, string>();
  const dir = join(work.path, name);
  mkdirSync(dir);
  const logFile = join(dir, "ci.log");
  writeFileSync(logFile, log);
  const step = githubStep(dir);
  const env = { ...step.env, CFO_CACHE_DIR: join(dir, "cache"), ANTHROPIC_API_KEY: undefined };
  const project = ["--project-root", planted.root];
  const run = async (label: string, script: string, args: string[]) => {
    const result = await runScript(script, [...project, ...args], { cwd: planted.root, env });
    expect(`${label}: exit ${result.exitCode}: ${result.stderr}`).toStartWith(`${label}: exit 0:`);
    emitted.set(`${label} stdout`, result.stdout);
    emitted.set(`${label} stderr`, result.stderr);
    return result;
  };

  const analysis = await run("error_parser --json", "error_parser", ["--log", logFile, "--json", "--workflow-id", "ci"]);
  const analysisFile = join(dir, "analysis.json");
  writeFileSync(analysisFile, analysis.stdout);
  await run("error_parser text", "error_parser", ["--log", logFile]);
  for (const format of ["markdown", "xml", "json"]) {
    await run(`context_manager --format ${format}`, "context_manager", ["--error-log", logFile, "--format", format, "--output", join(dir, `pack.${format}`), "--explain"]);
  }
  await run("context_manager --json", "context_manager", ["--error-log", logFile, "--json", "--explain", "--task", "fix the type errors"]);
  await run("context_manager stdout", "context_manager", ["--error-log", logFile, "--format", "xml"]);
  await run("runner dry-run", "claude_code_runner", [
    "--error-log", logFile, "--mode", "dry-run", "--force", "--enable-metrics", "--enable-feedback",
    "--workflow-id", "ci", "--run-id", "7", "--out", join(dir, "runner-out"),
  ]);
  await run("feedback --ingest-analysis", "feedback_optimizer", ["--ingest-analysis", analysisFile]);
  await run("feedback --record-attempt", "feedback_optimizer", [
    "--record-attempt", "--workflow-id", "ci", "--run-id", "7", "--attempt", "1", "--strategy", "ai_fix", "--outcome", "passed",
    "--category", "syntax", "--changed-files", "src/aws.ts,src/github.ts,config/app.yaml", "--context-files", "src/llm.ts,.env",
  ]);
  await run("feedback --report", "feedback_optimizer", ["--report"]);
  await run("feedback --report --json", "feedback_optimizer", ["--report", "--json"]);
  await run("metrics --report", "metrics_collector", ["--report", "--html", join(dir, "metrics.html")]);
  await run("metrics --report --json", "metrics_collector", ["--report", "--json"]);

  for (const file of filesUnder(dir)) {
    if (file === logFile) continue;
    emitted.set(file.slice(dir.length + 1), readFileSync(file).toString("latin1"));
  }
  emitted.set("GITHUB_OUTPUT values", JSON.stringify(step.outputs()));
  return emitted;
}

function leaks(emitted: Map<string, string>, ignore: (where: string) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const [kind, secret] of Object.entries(planted.secrets)) {
    for (const [where, text] of emitted) if (!ignore(where) && text.includes(secret)) found.push(`${kind} -> ${where}`);
  }
  return found;
}

let fromRepository = new Map<string, string>();
let fromLog = new Map<string, string>();
beforeAll(async () => {
  planted = repositoryWithSecrets();
  fromRepository = await runTheLoop("named-files", planted.log);
  // A failing step that echoes credentials, as a misconfigured deploy script does.
  const echoing = `${planted.log}deploy: using token ${planted.secrets.githubPat} and key ${planted.secrets.anthropicKey}\nError: 401 Bad credentials (${planted.secrets.githubPat})\n`;
  fromLog = await runTheLoop("echoed-in-log", echoing);
}, 85_000);

test("the loop really read the secret-bearing files and wrote to the cache (the test can fail)", () => {
  const names = [...fromRepository.keys()];
  expect(names.some((name) => name.startsWith("cache/") && name.includes(".db"))).toBe(true);
  expect(names.some((name) => name.startsWith("runner-out/") && name.endsWith("prompt.md"))).toBe(true);
  const pack = JSON.parse(fromRepository.get("context_manager --json stdout")!) as { items: { path: string }[] };
  expect(pack.items.map((item) => item.path)).toEqual(expect.arrayContaining(["src/aws.ts", "src/github.ts", "src/llm.ts"]));
  expect([...fromRepository.values()].join("\n")).toContain("REDACTED");
});

test("no secret from the repository appears in any output, file, cache byte or summary", () => {
  expect(leaks(fromRepository)).toEqual([]);
});

test("a secret the log itself echoes reaches no pack, prompt, cache, report or summary", () => {
  // error_parser's own report of the log quotes the log; everything downstream must not.
  expect(leaks(fromLog, (where) => where.startsWith("error_parser") || where === "analysis.json")).toEqual([]);
});
