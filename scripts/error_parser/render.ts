// Shows an analysis: readable text on a terminal, and inside GitHub Actions an annotation per located
// error, a step-summary table and the step outputs. Log-derived text always goes through printUntrusted
// or the escaping helpers, so a log line can never act as a workflow command.

import { annotate, appendStepSummary, inGitHubActions, markdownCell, printUntrusted, setOutputs } from "../lib/github.ts";
import type { AnalyzedError, ErrorAnalysis } from "./types.ts";

const MAX_ANNOTATIONS = 10;

export function renderText(analysis: ErrorAnalysis): string {
  const { summary, retry, errors, log } = analysis;
  const out: string[] = [];
  const size = `${(log.bytes / 1_048_576).toFixed(1)} MB, ${log.lines} lines`;
  if (!errors.length) {
    out.push(`No errors found in ${log.path} (${size}).`);
    return `${out.join("\n")}\n`;
  }
  out.push(`${log.path} (${size})${analysis.cached ? " [cached analysis]" : ""}`);
  out.push(`Primary cause: ${summary.category} (${summary.severity}), ${summary.errorCount} error${summary.errorCount === 1 ? "" : "s"} found`);
  out.push(`Retry: ${retry.recommended ? `yes, after ${retry.delaySeconds} s` : "no"} — ${retry.reason} [decided by ${retry.decidedBy}]`);
  out.push("");
  errors.forEach((error, index) => out.push(...describeError(error, index === summary.primaryError)));
  return `${out.join("\n")}\n`;
}

function describeError(error: AnalyzedError, primary: boolean): string[] {
  const where = error.file ? ` ${error.file}${error.line !== null ? `:${error.line}` : ""}${error.column !== null ? `:${error.column}` : ""}` : "";
  const seen = error.occurrences > 1 ? `, ${error.occurrences} times` : "";
  const recurring = error.recurring ? `; seen ${error.recurring.count} times in the last ${error.recurring.days} days` : "";
  return [
    `${primary ? "*" : "-"} [${error.category}/${error.severity}] ${error.tool}${where} (log lines ${error.logLines[0]}-${error.logLines[1]}${seen}${recurring})`,
    `    ${error.message}`,
  ];
}

/** The GitHub side: annotations, step summary and outputs (no-ops outside Actions). */
export async function publishToGitHub(analysis: ErrorAnalysis): Promise<void> {
  if (!inGitHubActions()) return;
  const { summary, retry, errors } = analysis;
  setOutputs({
    "retry-recommended": retry.recommended,
    "retry-delay-seconds": retry.delaySeconds,
    "error-category": summary.category,
    "error-count": summary.errorCount,
  });
  for (const error of errors.filter((e) => e.file && e.line !== null).slice(0, MAX_ANNOTATIONS)) {
    annotate({
      level: error.severity === "low" ? "warning" : "error",
      title: `${error.category} error (${error.tool})`,
      message: error.message,
      file: error.file!,
      line: error.line!,
      ...(error.column !== null ? { column: error.column } : {}),
    });
  }
  await appendStepSummary(summaryMarkdown(analysis));
}

export function summaryMarkdown(analysis: ErrorAnalysis): string {
  const { summary, retry, errors } = analysis;
  const rows = errors.map((error, index) => {
    const where = error.file ? `${error.file}${error.line !== null ? `:${error.line}` : ""}` : "";
    return `| ${index === summary.primaryError ? "**primary**" : ""} | ${error.category} | ${error.severity} | ${markdownCell(error.tool)} | ${markdownCell(where)} | ${markdownCell(error.message)} | ${error.logLines[0]}–${error.logLines[1]} | ${error.occurrences} |`;
  });
  return [
    "### error_parser",
    "",
    `Primary cause: **${summary.category}** (${summary.severity}); retry: ${retry.recommended ? `yes, after ${retry.delaySeconds} s` : "no"} (${markdownCell(retry.reason, 300)}, decided by ${retry.decidedBy}).`,
    "",
    ...(errors.length
      ? ["| | category | severity | tool | where | message | log lines | occurrences |", "|---|---|---|---|---|---|---|---|", ...rows]
      : ["No errors found."]),
    "",
  ].join("\n");
}

export function printText(analysis: ErrorAnalysis): void {
  printUntrusted(renderText(analysis));
}
