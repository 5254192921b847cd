// Renders a feedback report as terminal text and as markdown for the GitHub step summary. Messages,
// examples and test names come from logs: the CLI prints the text with printUntrusted, and markdown
// cells go through markdownCell.

import { markdownCell } from "../lib/github.ts";
import type { CacheStats } from "./cache-rates.ts";
import type { FeedbackReport } from "./optimizer.ts";
import type { Rate } from "./stats.ts";

const TREND_DAYS_SHOWN = 14;
const MARKDOWN_PATTERNS = 10;

export function renderText(report: FeedbackReport): string {
  const lines = [
    `Feedback report, last ${report.window.days} days (${report.window.from.slice(0, 10)} to ${report.window.to.slice(0, 10)})${report.window.workflowId ? `, workflow ${report.window.workflowId}` : ""}`,
    coverage(report),
    `${report.totals.items} items, ${report.totals.attempts} fix attempts, ${report.totals.testRuns} test runs (${report.totals.testResults} results)`,
    "",
    "Key metrics",
    ...metricRows(report).map(([name, value]) => `  ${name.padEnd(28)} ${value}`),
    ...workflowRows(report).map((row) => `  ${row}`),
    "",
    `Recommendations (minimum evidence: ${report.minEvidence} attempts)`,
    ...(report.recommendations.length ? report.recommendations.map((r) => `  - ${r.action}: ${r.evidence}`) : ["  none: no pattern has enough evidence yet"]),
  ];
  if (report.categories.length) {
    lines.push("", "Categories", `  ${"category".padEnd(16)} ${"items".padStart(7)}  ${"retries passed".padEnd(30)} ${"AI fixes passed".padEnd(30)} mean resolution`);
    for (const group of report.categories) {
      lines.push(`  ${group.category.padEnd(16)} ${String(group.count).padStart(7)}  ${rateText(group.retry).padEnd(30)} ${rateText(group.aiFix).padEnd(30)} ${seconds(group.meanResolutionSeconds)}`);
    }
  }
  if (report.patterns.length) {
    lines.push("", `Patterns (top ${report.patterns.length} fingerprints)`);
    for (const pattern of report.patterns) {
      lines.push(
        `  ${pattern.fingerprint.slice(0, 12)} ${(pattern.category ?? "-").padEnd(13)} ${String(pattern.count).padStart(6)}x  last ${pattern.lastSeen?.slice(0, 16) ?? "-"}  retries ${rateText(pattern.retry)}  AI fixes ${rateText(pattern.aiFix)}`,
        `      ${pattern.example.slice(0, 120)}`,
      );
    }
  }
  if (report.flakyTests.length) {
    lines.push("", "Flaky tests (failed and passed on the same commit)");
    for (const test of report.flakyTests) {
      lines.push(`  ${(test.flipRate * 100).toFixed(0).padStart(3)}% flips  ${test.runs} runs  ${test.flakyCommits}/${test.commits} commits  ${test.name}`);
    }
  }
  if (report.trend.length) {
    lines.push("", "Trend (per day: items, errors, fix attempts, passed)");
    for (const day of report.trend.slice(-TREND_DAYS_SHOWN)) lines.push(`  ${day.day}  ${day.items} items  ${day.errors} errors  ${day.attempts} attempts  ${day.passed} passed`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderMarkdown(report: FeedbackReport): string {
  const lines = [
    `## Feedback loop, last ${report.window.days} days`,
    "",
    `${markdownCell(coverage(report), 500)}.`,
    "",
    `${report.totals.items} items, ${report.totals.attempts} fix attempts, ${report.totals.testRuns} test runs.`,
    "",
    "| metric | value |",
    "|---|---|",
    ...metricRows(report).map(([name, value]) => `| ${name} | ${value} |`),
    "",
  ];
  if (report.workflows.length > 1) {
    lines.push("| workflow | attempts | resolution rate | mean resolution | retry success | loop failure | context relevance |", "|---|---:|---:|---:|---:|---:|---:|");
    for (const w of report.workflows) {
      lines.push(`| ${markdownCell(w.workflowId)} | ${w.attempts} | ${percent(w.errorResolutionRate)} | ${seconds(w.meanResolutionSeconds)} | ${percent(w.retrySuccessRate)} | ${percent(w.feedbackLoopFailureRate)} | ${percent(w.contextRelevance)} |`);
    }
    lines.push("");
  }
  if (report.recommendations.length) {
    lines.push("### Recommendations", "", ...report.recommendations.map((r) => `- **${markdownCell(r.action, 200)}**: ${markdownCell(r.evidence, 200)}`), "");
  }
  if (report.categories.length) {
    lines.push("### Categories", "", "| category | items | retries passed | AI fixes passed | mean resolution |", "|---|---:|---|---|---:|");
    for (const group of report.categories) {
      lines.push(`| ${markdownCell(group.category)} | ${group.count} | ${rateText(group.retry)} | ${rateText(group.aiFix)} | ${seconds(group.meanResolutionSeconds)} |`);
    }
    lines.push("");
  }
  if (report.patterns.length) {
    lines.push("### Most frequent failures", "", "| fingerprint | category | items | retries passed | AI fixes passed | example |", "|---|---|---:|---|---|---|");
    for (const pattern of report.patterns.slice(0, MARKDOWN_PATTERNS)) {
      lines.push(`| \`${pattern.fingerprint.slice(0, 12)}\` | ${markdownCell(pattern.category ?? "-")} | ${pattern.count} | ${rateText(pattern.retry)} | ${rateText(pattern.aiFix)} | ${markdownCell(pattern.example, 100)} |`);
    }
    lines.push("");
  }
  if (report.flakyTests.length) {
    lines.push("### Flaky tests", "", "| test | runs | flip rate | flaky commits |", "|---|---:|---:|---:|");
    for (const test of report.flakyTests) lines.push(`| ${markdownCell(test.name)} | ${test.runs} | ${(test.flipRate * 100).toFixed(0)}% | ${test.flakyCommits} of ${test.commits} |`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

/** Which repositories the figures cover, and whose outcomes retry decisions learn from. */
function coverage(report: FeedbackReport): string {
  const { label, names } = report.repositories;
  const covered = names.length && (names.length > 1 || names[0] !== label) ? `${label} (${names.join(", ")})` : label;
  return `Repositories: ${covered}; learning scope: ${report.learningScope}`;
}

function metricRows(report: FeedbackReport): [string, string][] {
  const metrics = report.keyMetrics;
  return [
    ["error resolution rate", percent(metrics.errorResolutionRate)],
    ["mean resolution time", seconds(metrics.meanResolutionSeconds)],
    ["retry success rate", percent(metrics.retrySuccessRate)],
    ["feedback-loop failure rate", percent(metrics.feedbackLoopFailureRate)],
    ["context relevance", percent(metrics.contextRelevance)],
    ["analysis cache hit rate", cacheRate(report.cacheHitRates.analysis)],
    ["context cache hit rate", cacheRate(report.cacheHitRates.context)],
    ["fix attempts", String(metrics.attempts)],
  ];
}

/** Per-workflow key metrics, shown when there is more than one workflow. */
function workflowRows(report: FeedbackReport): string[] {
  if (report.workflows.length < 2) return [];
  return [
    "",
    "Per workflow (attempts, resolution rate, mean resolution, retry success, loop failure, context relevance)",
    ...report.workflows.map((w) => `  ${w.workflowId.padEnd(24)} ${String(w.attempts).padStart(6)}  ${percent(w.errorResolutionRate).padStart(4)}  ${seconds(w.meanResolutionSeconds).padStart(7)}  ${percent(w.retrySuccessRate).padStart(4)}  ${percent(w.feedbackLoopFailureRate).padStart(4)}  ${percent(w.contextRelevance).padStart(4)}`),
  ];
}

function cacheRate(stats: CacheStats | null): string {
  return stats ? `${percent(stats.hitRate)} of ${stats.lookups} lookups` : "n/a";
}

function rateText(rate: Rate | null): string {
  if (!rate) return "-";
  return `${rate.successes}/${rate.attempts} (${percent(rate.rate)}, CI ${percent(rate.ci95[0])}-${percent(rate.ci95[1])})`;
}

function percent(share: number | null): string {
  return share === null ? "n/a" : `${(share * 100).toFixed(0)}%`;
}

function seconds(value: number | null): string {
  return value === null ? "n/a" : `${value.toFixed(0)} s`;
}
