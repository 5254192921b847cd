// Composes what Claude reads: the context pack as context_manager renders it for Claude (task,
// failure excerpt, files) as the stable part, then the run's own part: the task, error_parser's
// findings and the retry decision, and how to work.

import type { ErrorAnalysis } from "../error_parser.ts";

export type PromptMode = "agent" | "analyze";

export interface ComposedPrompt {
  /** The rendered context pack: the same across re-runs of one failure, so it is sent with cache_control. */
  stable: string;
  /** Task, findings and instructions. */
  request: string;
  /** stable + request, what the agent gets on stdin. */
  full: string;
}

const INSTRUCTIONS: Record<PromptMode, string[]> = {
  agent: [
    "Fix the root cause with the smallest change that keeps the project's style.",
    "Change a test only when the test itself is wrong, and say so.",
    "Run the failing command again to check the fix when you can.",
    "Do not commit, push or create branches: the workflow does that.",
    "End with a short summary: the cause, the files you changed, how you checked it.",
  ],
  analyze: [
    "Explain the cause of the failure in a few sentences, naming files and lines.",
    "Then propose a fix as one unified diff (paths relative to the repository root) in a single ```diff block.",
    "You cannot run commands or edit files; say what you are unsure of.",
  ],
};

/** The most errors listed one by one; the rest are counted. */
const LISTED_ERRORS = 10;

export function composePrompt(input: { task: string; mode: PromptMode; analysis: ErrorAnalysis | null; renderedContext: string }): ComposedPrompt {
  const request = [
    `## Task\n${input.task}`,
    ...(input.analysis ? [renderFindings(input.analysis)] : []),
    `## How to work\n${INSTRUCTIONS[input.mode].map((line) => `- ${line}`).join("\n")}`,
  ].join("\n\n");
  const full = ["You are fixing a failing CI job in this repository.", input.renderedContext.trim(), request].filter(Boolean).join("\n\n");
  return { stable: input.renderedContext, request, full: `${full}\n` };
}

function renderFindings({ summary, retry, errors }: ErrorAnalysis): string {
  const lines = [
    "## What the log analysis found",
    `- Category: ${summary.category} (severity ${summary.severity}), ${summary.errorCount} distinct error(s)`,
    `- Retry: ${retry.recommended ? `recommended after ${retry.delaySeconds} s` : "not recommended"} (${retry.reason})`,
  ];
  errors.slice(0, LISTED_ERRORS).forEach((error, index) => {
    const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ""}${error.column ? `:${error.column}` : ""} ` : "";
    const primary = index === summary.primaryError ? " (primary)" : "";
    const times = error.occurrences > 1 ? ` (${error.occurrences} times)` : "";
    lines.push(`- ${where}[${error.category}, ${error.tool}]${primary} ${error.message}${times}`);
  });
  if (errors.length > LISTED_ERRORS) lines.push(`- ... and ${errors.length - LISTED_ERRORS} more`);
  return lines.join("\n");
}
