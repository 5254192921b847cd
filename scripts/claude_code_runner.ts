// claude_code_runner: the fix loop behind the claude-code-runner action, the same inside and outside
// GitHub Actions — analyze the failed log, retry or fix, call Claude, record the outcome.

import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { runScript, type ParsedArgs } from "./lib/cli.ts";
import type { LoadedConfig } from "./lib/config/load.ts";
import { CfoError } from "./lib/errors.ts";
import { appendStepSummary, printJson, setOutputs } from "./lib/github.ts";
import { runFixLoop, type RunReport, type RunRequest } from "./claude_code_runner/loop.ts";
import { renderStepSummary, renderText } from "./claude_code_runner/render.ts";
import { actionOutputs, type RunMode } from "./claude_code_runner/report.ts";

export { runFixLoop } from "./claude_code_runner/loop.ts";
export type { RunReport, RunRequest } from "./claude_code_runner/report.ts";

const MODES: RunMode[] = ["agent", "analyze", "dry-run"];
const DEFAULT_TASK = "Fix the failing CI job shown in the error log.";

/** Turns the command line (and the Actions environment) into one run's request. */
export function runRequest(args: ParsedArgs, loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env): RunRequest {
  // An empty value counts as not given: the action passes "" for inputs left empty.
  const text = (name: string) => (typeof args[name] === "string" && args[name] !== "" ? (args[name] as string) : undefined);
  const errorLog = text("error-log") ?? null;
  const task = text("task") ?? (errorLog ? DEFAULT_TASK : undefined);
  if (!task) throw new CfoError("give --task TEXT, --error-log FILE, or both; see --help");
  if (errorLog && errorLog !== "-" && !existsSync(errorLog)) throw new CfoError("error log not found; pass an existing file to --error-log, or - for stdin", { file: errorLog });
  if (errorLog && errorLog !== "-" && statSync(errorLog).isDirectory()) throw new CfoError("--error-log names a directory; pass a log file", { file: errorLog });
  const mode = (text("mode") ?? "agent") as RunMode;
  if (!MODES.includes(mode)) throw new CfoError(`--mode takes ${MODES.join(", ")}, got "${mode}"`);
  const runner = loaded.config.runner;
  const retryCount = Number(text("retry-count") ?? 0);
  const workflowId = text("workflow-id") ?? env.GITHUB_WORKFLOW ?? "local";
  const runId = text("run-id") ?? env.GITHUB_RUN_ID ?? `local-${Date.now()}`;
  const folder = `${workflowId}-${runId}-${retryCount + 1}`.replace(/[^A-Za-z0-9._-]+/g, "_");
  return {
    task,
    errorLog,
    retryCount,
    workflowId,
    runId,
    maxContextItems: runner.maxContextItems,
    maxContextTokens: runner.maxContextTokens,
    model: runner.model,
    maxTurns: runner.maxTurns,
    enableMetrics: args["enable-metrics"] === true,
    enableFeedback: args["enable-feedback"] === true,
    mode,
    force: args.force === true,
    apiKey: env.ANTHROPIC_API_KEY || undefined,
    runDir: text("out") ?? join(runsRoot(loaded), folder),
    ...optional("branch", text("branch") ?? (env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME)),
    ...optional("commit", text("commit") ?? env.GITHUB_SHA),
    ...optional("job", env.GITHUB_JOB),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function runsRoot(loaded: LoadedConfig): string {
  return join(loaded.cacheRoot, "runner", "runs");
}

/** Deletes run folders (prompts, results, patches) older than runner.keepRunsDays. */
function cleanupRuns(loaded: LoadedConfig): number {
  const root = runsRoot(loaded);
  if (!existsSync(root)) return 0;
  const cutoff = Date.now() - loaded.config.runner.keepRunsDays * 86_400_000;
  const old = readdirSync(root).filter((name) => statSync(join(root, name)).mtimeMs < cutoff);
  for (const name of old) rmSync(join(root, name), { recursive: true, force: true });
  return old.length;
}

/** The report as JSON: item contents stay in the prompt file, as in context_manager's --json. */
function jsonReport(report: RunReport): unknown {
  const context = report.context && { ...report.context, items: report.context.items.map(({ content: _content, ...item }) => item) };
  return { ...report, context, outputs: actionOutputs(report) };
}

if (import.meta.main) {
  await runScript(
    {
      name: "claude_code_runner",
      summary: "the CI fix loop: analyze a failed log, retry or call Claude, record the outcome",
      flags: [
        { name: "task", type: "string", valueName: "TEXT", description: "What Claude should do (default with --error-log: fix the failing job)." },
        { name: "error-log", type: "string", valueName: "FILE", description: "The failed job's log (- for stdin)." },
        { name: "retry-count", type: "string", numeric: true, valueName: "N", description: "Attempts made so far for this failure (default 0)." },
        { name: "workflow-id", type: "string", valueName: "ID", description: "Workflow the figures are filed under (default $GITHUB_WORKFLOW or local)." },
        { name: "run-id", type: "string", valueName: "ID", description: "Run the figures are filed under (default $GITHUB_RUN_ID)." },
        { name: "max-context-items", type: "string", numeric: true, valueName: "N", description: "Context items in the prompt.", configPath: ["runner", "maxContextItems"] },
        { name: "max-context-tokens", type: "string", numeric: true, valueName: "N", description: "Token budget of the context pack.", configPath: ["runner", "maxContextTokens"] },
        { name: "model", type: "string", valueName: "MODEL", description: "Claude model.", configPath: ["runner", "model"] },
        { name: "max-turns", type: "string", numeric: true, valueName: "N", description: "Agent turns before Claude Code stops.", configPath: ["runner", "maxTurns"] },
        { name: "claude-path", type: "string", valueName: "PATH", description: "The Claude Code executable (default claude on PATH).", configPath: ["runner", "claudePath"] },
        { name: "mode", type: "string", valueName: "MODE", description: "agent (Claude Code edits the tree), analyze (explanation + patch via the Messages API) or dry-run." },
        { name: "force", type: "boolean", description: "Call Claude even when a plain re-run is recommended or the log shows no errors." },
        { name: "enable-metrics", type: "boolean", description: "Track the run and record its figures (metrics_collector)." },
        { name: "enable-feedback", type: "boolean", description: "Record the attempt and its outcome (feedback_optimizer)." },
        { name: "branch", type: "string", valueName: "NAME", description: "Branch a fix will be pushed to; its CI run closes the attempt (default $GITHUB_HEAD_REF or $GITHUB_REF_NAME)." },
        { name: "commit", type: "string", valueName: "SHA", description: "The failed commit (default $GITHUB_SHA)." },
        { name: "out", type: "string", valueName: "DIR", description: "Folder for the prompt, Claude's result and any patch (default <cache>/runner/runs/<workflow>-<run>-<attempt>)." },
        { name: "cleanup", type: "boolean", description: "Delete run folders older than runner.keepRunsDays and exit." },
      ],
      examples: [
        "bun scripts/claude_code_runner.ts --error-log ci.log                      # dry run without ANTHROPIC_API_KEY",
        "bun scripts/claude_code_runner.ts --task 'Fix the failing tests' --error-log ci.log --enable-metrics --enable-feedback",
        "bun scripts/claude_code_runner.ts --error-log ci.log --mode analyze --json",
        "bun scripts/claude_code_runner.ts --cleanup",
      ],
    },
    async ({ args, loaded, json }) => {
      if (args.cleanup) {
        process.stdout.write(`claude_code_runner: removed ${cleanupRuns(loaded)} run folder(s) older than ${loaded.config.runner.keepRunsDays} days\n`);
        return 0;
      }
      const request = runRequest(args, loaded);
      const report = await runFixLoop(loaded, request);
      await publish(report, request, json);
      for (const problem of report.problems) process.stderr.write(`claude_code_runner: ${problem}\n`);
      return report.outcome === "failed" || report.outcome === "error" ? 1 : 0;
    },
  );
}

async function publish(report: RunReport, request: RunRequest, json: boolean): Promise<void> {
  if (json) printJson(jsonReport(report));
  else renderText(report, request.apiKey !== undefined);
  setOutputs(actionOutputs(report));
  await appendStepSummary(renderStepSummary(report, request.apiKey !== undefined));
}
