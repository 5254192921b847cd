// Secret redaction for everything that leaves cfo: file text, log excerpts, error messages, the task.
// The rules are secretlint's maintained recommended preset (run in-process), with AWS access key id scanning on.

import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintCoreConfig } from "@secretlint/types";

const secretlintConfig: SecretLintCoreConfig = {
  rules: [
    {
      id: "@secretlint/secretlint-rule-preset-recommend",
      rule: recommendedPreset,
      rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
    },
  ],
};

export interface SecretFinding {
  /** Character offsets in the scanned text. */
  start: number;
  end: number;
  ruleId: string;
}

export async function findSecrets(text: string, path: string): Promise<SecretFinding[]> {
  if (!text) return [];
  const result = await lintSource({ source: { filePath: `/${path}`, content: text, contentType: "text" }, options: { config: secretlintConfig } });
  forgetProfilerEntries();
  return result.messages.map((message) => ({ start: message.range[0], end: message.range[1], ruleId: message.ruleId.replace(/^@secretlint\/secretlint-rule-/, "") }));
}

/**
 * secretlint's profiler keeps every performance mark of every call and searches them on each new one,
 * so a long-lived process (the runner, a replay) slows down call after call. cfo never reads them.
 */
function forgetProfilerEntries(): void {
  const profiler = secretLintProfiler as unknown as { entries: unknown[]; measures: unknown[] };
  profiler.entries.length = 0;
  profiler.measures.length = 0;
}

/** Replaces each finding by a marker; a multi-line secret keeps its line breaks so line numbers stay true. */
export function applyRedactions(text: string, findings: SecretFinding[]): string {
  let redacted = text;
  for (const finding of mergeOverlaps(findings).reverse()) {
    const hidden = redacted.slice(finding.start, finding.end).split("\n").map((_, i) => (i === 0 ? `[REDACTED ${finding.ruleId}]` : "")).join("\n");
    redacted = redacted.slice(0, finding.start) + hidden + redacted.slice(finding.end);
  }
  return redacted;
}

/** Two rules may flag the same text; redacting the union once keeps offsets valid. */
function mergeOverlaps(findings: SecretFinding[]): SecretFinding[] {
  const merged: SecretFinding[] = [];
  for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && finding.start < last.end) last.end = Math.max(last.end, finding.end);
    else merged.push({ ...finding });
  }
  return merged;
}

export async function redactSecrets(text: string, path: string): Promise<{ text: string; findings: SecretFinding[] }> {
  const findings = await findSecrets(text, path);
  return { text: findings.length ? applyRedactions(text, findings) : text, findings };
}
