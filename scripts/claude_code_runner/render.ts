// The run report as people read it: lines on the terminal (log text printed as untrusted) and the
// markdown of the job's step summary.

import { markdownCell, printUntrusted } from "../lib/github.ts";
import { actionOutputs, type RunReport } from "./report.ts";

export function renderText(report: RunReport, apiKeyPresent: boolean): void {
  const out = (line: string) => void process.stdout.write(`${line}\n`);
  const ms = (name: string) => (report.timersMs[name] === undefined ? "" : ` [${report.timersMs[name]} ms]`);
  const { analysis, context, claude } = report;
  if (analysis) {
    const retry = analysis.retry;
    out(`analysis: ${analysis.summary.category} (${analysis.summary.severity}), ${analysis.summary.errorCount} error(s); retry ${retry.recommended ? `recommended after ${retry.delaySeconds} s` : "not recommended"}${ms("analysis")}`);
    const primary = analysis.summary.primaryError === null ? undefined : analysis.errors[analysis.summary.primaryError];
    if (primary) printUntrusted(`  primary: ${primary.file ? `${primary.file}:${primary.line ?? "?"} ` : ""}${primary.message}\n  retry reason: ${retry.reason}`);
  } else {
    out("analysis: no error log given");
  }
  if (context) {
    const hitRate = context.cache.hitRate === null ? "n/a" : `${Math.round(context.cache.hitRate * 100)}%`;
    out(`context: ${context.items.length} items, ${context.totalTokens} of ${context.budget} tokens, ${context.omitted.length} omitted, cache hit rate ${hitRate}${ms("context")}`);
  }
  if (report.prompt) out(`prompt: ${report.prompt.file} (${report.prompt.chars} chars)`);
  if (!report.claudeCalled) out(`Claude was not called: ${notCalledReason(report, apiKeyPresent)}${report.prompt ? "; the prompt file is what Claude would get" : ""}`);
  if (claude) {
    const cost = claude.costUsd === null ? "" : `, $${claude.costUsd.toFixed(4)}`;
    out(`claude (${claude.via}): ${claude.subtype}, ${claude.turns} turn(s), ${claude.durationMs} ms${cost}, tokens in ${claude.usage.inputTokens} / out ${claude.usage.outputTokens} / cache read ${claude.usage.cacheReadTokens} / cache write ${claude.usage.cacheCreationTokens}`);
    out(`  result: ${claude.resultFile}${claude.patchFile ? `, patch: ${claude.patchFile}` : ""}`);
  }
  if (report.changedFiles.length) printUntrusted(`changed files: ${report.changedFiles.join(", ")}`);
  if (report.feedbackId) out(`feedback: attempt recorded as ${report.feedbackId}`);
  out(`outcome: ${report.outcome}`);
}

export function notCalledReason(report: RunReport, apiKeyPresent: boolean): string {
  switch (report.outcome) {
    case "retry":
      return `a plain re-run is recommended (${report.analysis?.retry.reason ?? "retryable failure"}); --force calls Claude anyway`;
    case "no-errors":
      return "the log shows no errors; --force calls Claude anyway";
    case "dry-run":
      return apiKeyPresent ? "dry run (--mode dry-run)" : "dry run, ANTHROPIC_API_KEY is not set";
    default:
      return "the loop stopped before the Claude step";
  }
}

export function renderStepSummary(report: RunReport, apiKeyPresent: boolean): string {
  const outputs = actionOutputs(report);
  const rows = Object.entries(outputs)
    .filter(([name]) => name !== "metrics-summary")
    .map(([name, value]) => `| \`${name}\` | ${markdownCell(value || "—")} |`);
  const metrics = Object.entries(report.metrics).map(([name, value]) => `| ${name} | ${formatGauge(name, value)} |`);
  const analysis = report.analysis;
  const primary = analysis && analysis.summary.primaryError !== null ? analysis.errors[analysis.summary.primaryError] : undefined;
  return [
    `### cfo fix loop: ${report.outcome}`,
    "",
    report.claudeCalled ? `Claude was called (${report.claude?.via ?? report.mode}).` : `Claude was not called: ${markdownCell(notCalledReason(report, apiKeyPresent), 400)}.`,
    report.prompt ? `\nPrompt: \`${markdownCell(report.prompt.file, 300)}\` (${report.prompt.chars} chars)` : "",
    primary ? `\nPrimary error: ${markdownCell(`${primary.file ? `${primary.file}:${primary.line ?? "?"} ` : ""}${primary.message}`, 300)}` : "",
    "",
    "| output | value |",
    "|---|---|",
    ...rows,
    "",
    ...(metrics.length ? ["| metric | value |", "|---|---|", ...metrics, ""] : []),
    ...(report.changedFiles.length ? [`Changed files: ${report.changedFiles.map((file) => `\`${markdownCell(file)}\``).join(", ")}`, ""] : []),
    ...report.problems.map((problem) => `> problem: ${markdownCell(problem, 400)}`),
    "",
  ].join("\n");
}

/** Rates as percentages, everything else as recorded (the name carries the unit). */
function formatGauge(name: string, value: number): string {
  if (name.endsWith("_rate")) return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}
