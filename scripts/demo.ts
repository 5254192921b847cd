// demo: the whole fix loop on the shipped examples, offline and without an API key — for each CI
// log, the analysis and retry decision, the context pack and the dry-run prompt; then the outcomes
// CI would report back, and the metrics and feedback reports, all in SQLite in a temp folder.

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { applyVariant, loadVariants, type Variant } from "../examples/lib/variants.ts";
import { runFixLoop, type RunReport, type RunRequest } from "./claude_code_runner.ts";
import { recordAttempt } from "./feedback_optimizer.ts";
import { runScript } from "./lib/cli.ts";
import { loadConfig, type LoadedConfig } from "./lib/config/load.ts";
import { toolkitRoot } from "./lib/paths.ts";

const EXAMPLES = join(toolkitRoot, "examples");
const WORKFLOW_ID = "ci";

interface DemoCase {
  log: string;
  variant: Variant | null;
  loaded: LoadedConfig;
  report: RunReport;
}

const out = (line = "") => void process.stdout.write(`${line}\n`);

async function runDemo(keep: boolean): Promise<number> {
  const started = performance.now();
  // Offline by design: a key in the environment would make the context count tokens over the API.
  delete process.env.ANTHROPIC_API_KEY;
  const workDir = mkdtempSync(join(tmpdir(), "cfo-demo-"));
  const env = { ...process.env, CFO_CACHE_DIR: join(workDir, "cache") };
  const variants = await loadVariants(join(EXAMPLES, "variants"));
  const logs = new Bun.Glob("*.log").scanSync(join(EXAMPLES, "logs"));
  out(`cfo demo: the fix loop on examples/logs with examples/sample-project; SQLite stores in ${env.CFO_CACHE_DIR}`);
  const cases: DemoCase[] = [];
  try {
    for (const log of [...logs].sort()) {
      const name = basename(log, ".log");
      const variant = variants.find((v) => v.name === name) ?? null;
      const project = join(workDir, name, "sample-project");
      cpSync(join(EXAMPLES, "sample-project"), project, { recursive: true });
      if (variant) await applyVariant(project, variant);
      const loaded = await loadConfig({ projectRoot: project, env });
      const report = await runFixLoop(loaded, dryRun(loaded, log, `demo-${name}`, join(workDir, name, "run")));
      cases.push({ log, variant, loaded, report });
      printCase(log, variant, report);
    }
    await recordOutcomes(cases);
    await showLearning(cases, workDir);
    const reportRoot = cases[0]?.loaded.projectRoot ?? workDir;
    for (const script of ["metrics_collector", "feedback_optimizer"]) {
      out(`\n== bun scripts/${script}.ts --report --days 1`);
      const child = Bun.spawnSync([process.execPath, join(toolkitRoot, "scripts", `${script}.ts`), "--report", "--days", "1", "--project-root", reportRoot], { env, stderr: "inherit" });
      process.stdout.write(child.stdout.toString());
    }
    const problems = cases.flatMap((c) => c.report.problems.map((problem) => `${c.log}: ${problem}`));
    for (const problem of problems) out(`problem: ${problem}`);
    out(`\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s; ${keep ? `files kept in ${workDir}` : "temp folder removed (--keep keeps it)"}`);
    return problems.length || cases.some((c) => c.report.outcome === "error") ? 1 : 0;
  } finally {
    if (!keep) rmSync(workDir, { recursive: true, force: true });
  }
}

function dryRun(loaded: LoadedConfig, log: string, runId: string, runDir: string): RunRequest {
  const runner = loaded.config.runner;
  return {
    task: "Fix the failing CI job shown in the error log.",
    errorLog: join(EXAMPLES, "logs", log),
    retryCount: 0,
    workflowId: WORKFLOW_ID,
    runId,
    maxContextItems: runner.maxContextItems,
    maxContextTokens: runner.maxContextTokens,
    model: runner.model,
    maxTurns: runner.maxTurns,
    enableMetrics: true,
    enableFeedback: true,
    mode: "dry-run",
    force: false,
    apiKey: undefined,
    runDir,
  };
}

/** context_manager's reason for a file that earlier fixes of the same failure changed. */
const LEARNED_REASON = /changed by \d+ earlier .*fix/;

/** The same failure again: the context now ranks the files the recorded fix changed, and says why. */
async function showLearning(cases: DemoCase[], workDir: string): Promise<void> {
  const fixed = cases.find((c) => c.variant && c.report.outcome === "dry-run");
  if (!fixed) return;
  const again = await runFixLoop(fixed.loaded, dryRun(fixed.loaded, fixed.log, `demo-${fixed.variant!.name}-again`, join(workDir, "again")));
  out(`\n== ${fixed.log} fails again: what the context learned from the recorded fix`);
  for (const item of again.context?.items.filter((i) => i.reasons.some((r) => LEARNED_REASON.test(r))) ?? []) {
    out(`   ${item.path}: ${item.reasons.find((r) => LEARNED_REASON.test(r))}`);
  }
}

function printCase(log: string, variant: Variant | null, report: RunReport): void {
  out(`\n== examples/logs/${log}${variant ? ` (${variant.description.split(";")[0]})` : ""}`);
  const { analysis, context } = report;
  if (analysis) {
    const primary = analysis.summary.primaryError === null ? undefined : analysis.errors[analysis.summary.primaryError];
    out(`   analysis: ${analysis.summary.category} (${analysis.summary.severity}), ${analysis.summary.errorCount} error(s) in ${analysis.log.lines} lines [${report.timersMs.analysis ?? 0} ms]`);
    if (primary) out(`   primary:  ${primary.file ? `${primary.file}:${primary.line ?? "?"} ` : ""}${primary.message.slice(0, 110)}`);
    const retry = analysis.retry;
    out(`   decision: ${retry.recommended ? `re-run after ${retry.delaySeconds} s` : analysis.summary.errorCount ? "fix (not retryable)" : "nothing to fix"}: ${retry.reason}`);
    if (variant) out(`   expected: ${variant.expected.category}, ${variant.expected.retryable ? "retryable" : "not retryable"}`);
  }
  if (context) {
    const hitRate = context.cache.hitRate === null ? "n/a" : `${Math.round(context.cache.hitRate * 100)}%`;
    out(`   context:  ${context.items.length} items, ${context.totalTokens} of ${context.budget} tokens (${context.tokenCounter}), ${context.omitted.length} left out, cache hit rate ${hitRate} [${report.timersMs.context ?? 0} ms]`);
  }
  if (report.outcome === "retry") out("   context:  not built: a re-run comes before any fix");
  if (report.prompt) out(`   prompt:   ${report.prompt.file} (${report.prompt.chars} chars); Claude was not called (dry run, no API key)`);
  out(`   outcome:  ${report.outcome}${report.feedbackId ? ` (retry attempt recorded as pending, ${report.feedbackId})` : ""}`);
}

/**
 * What CI would report back: each re-run passed (the registry came back, the flaky test got lucky);
 * each deterministic failure was fixed by hand in the files the variant broke.
 */
async function recordOutcomes(cases: DemoCase[]): Promise<void> {
  out("\n== outcomes reported back to feedback");
  for (const { log, variant, loaded, report } of cases) {
    if (!variant || !report.analysis) continue;
    const primary = report.analysis.summary.primaryError === null ? undefined : report.analysis.errors[report.analysis.summary.primaryError];
    const retried = report.outcome === "retry";
    const changedFiles = retried ? [] : [...new Set(variant.edits.map((edit) => edit.path))];
    await recordAttempt(loaded, {
      workflowId: WORKFLOW_ID,
      runId: `demo-${variant.name}`,
      attempt: 1,
      strategy: retried ? "retry" : "manual",
      outcome: "passed",
      category: report.analysis.summary.category,
      ...(primary ? { fingerprint: primary.fingerprint } : {}),
      changedFiles,
      contextFiles: report.context?.items.map((item) => item.path) ?? [],
    });
    out(`   ${log}: ${retried ? "the re-run passed" : `fixed by hand in ${changedFiles.join(", ")}`}`);
  }
}

if (import.meta.main) {
  await runScript(
    {
      name: "demo",
      summary: "the whole fix loop on the shipped examples, offline, no API key, in under 10 s",
      flags: [{ name: "keep", type: "boolean", description: "Keep the temp folder (prompts, SQLite stores) and print its path." }],
      examples: ["bun scripts/demo.ts", "bun scripts/demo.ts --keep"],
    },
    async ({ args }) => runDemo(args.keep === true),
  );
}
