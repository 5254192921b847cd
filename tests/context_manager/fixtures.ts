// Shared fixtures for context_manager tests: error_parser-shaped analyses and a small TypeScript
// project with a planted bug in its last commit.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { git, makeGitRepo } from "../helpers/run.ts";

export interface ErrorSpec {
  message: string;
  category?: string;
  file?: string | null;
  line?: number | null;
  context?: string[];
  logLines?: [number, number];
  fingerprint?: string;
}

/** An error_parser --json object (schemas/output/error_parser.schema.json) for the given errors. */
export function analysisJson(logPath: string, logLines: number, errors: ErrorSpec[], category = errors[0]?.category ?? "test"): object {
  return {
    summary: { category, severity: "high", retryRecommended: false, errorCount: errors.length, primaryError: errors.length ? 0 : null },
    retry: { recommended: false, delaySeconds: 0, reason: "not retryable", decidedBy: "category", attempt: 0, maxAttempts: 3 },
    errors: errors.map((e, i) => ({
      category: e.category ?? category,
      severity: "high",
      tool: null,
      message: e.message,
      file: e.file ?? null,
      line: e.line ?? null,
      column: null,
      fingerprint: e.fingerprint ?? `fp${i}`,
      occurrences: 1,
      logLines: e.logLines ?? [1, 1],
      context: e.context ?? [],
      patternId: null,
      retryable: false,
      recurring: null,
    })),
    log: { path: logPath, bytes: 0, lines: logLines, sha256: "" },
    cached: false,
    configHash: "",
  };
}

export function writeAnalysis(dir: string, log: string, errors: ErrorSpec[], category?: string): string {
  const logPath = join(dir, "failure.log");
  writeFileSync(logPath, log);
  const file = join(dir, "analysis.json");
  writeFileSync(file, JSON.stringify(analysisJson(logPath, log.endsWith("\n") ? log.split("\n").length - 1 : log.split("\n").length, errors, category)));
  return file;
}

/** A function body of `n` lines, so files have weight. */
export function filler(name: string, n: number): string {
  const lines = Array.from({ length: n }, (_, i) => `  const ${name}Step${i} = input * ${i + 1} + ${name.length}; // step ${i} of ${name}`);
  return `export function ${name}(input: number): number {\n${lines.join("\n")}\n  return input;\n}\n`;
}

/** A project whose last commit breaks `total` in src/cart.ts; a test names it through a stack frame. */
export function cartProject(extra: Record<string, string> = {}): { path: string; cleanup: () => void } {
  const repo = makeGitRepo({
    "package.json": JSON.stringify({ name: "shop", dependencies: { "left-pad": "1.3.0" } }, null, 2),
    "src/cart.ts": `import { round } from "./money";\n\n/** Sums the cart. */\nexport function total(prices: number[]): number {\n  return round(prices.reduce((a, b) => a + b, 0));\n}\n${filler("cartAudit", 60)}`,
    "src/money.ts": `export function round(value: number): number {\n  return Math.round(value * 100) / 100;\n}\n${filler("moneyFormat", 40)}`,
    "src/unrelated.ts": filler("weatherReport", 80),
    "src/other.ts": filler("inventoryCount", 80),
    "test/cart.test.ts": `import { total } from "../src/cart";\nimport { expect, test } from "bun:test";\n\ntest("total", () => {\n  expect(total([1, 2])).toBe(3);\n});\n`,
    "docs/guide.md": "# Guide\n\nHow the shop works.\n",
    ...extra,
  });
  writeFileSync(join(repo.path, "src/cart.ts"), `import { round } from "./money";\n\n/** Sums the cart. */\nexport function total(prices: number[]): number {\n  return round(prices.reduce((a, b) => a + b, 1));\n}\n${filler("cartAudit", 60)}`);
  git(repo.path, "commit", "-qam", "break total");
  return repo;
}

export const cartLog = [
  "bun test v1.2.0",
  "test/cart.test.ts:",
  "error: expect(received).toBe(expected)",
  "Expected: 3",
  "Received: 4",
  "      at <anonymous> (/home/runner/work/shop/shop/test/cart.test.ts:5:25)",
  "(fail) total",
  " 0 pass",
  " 1 fail",
].join("\n");

export const cartError: ErrorSpec = {
  message: "expect(received).toBe(expected) Expected: 3 Received: 4",
  context: ["      at <anonymous> (/home/runner/work/shop/shop/test/cart.test.ts:5:25)"],
  logLines: [3, 6],
  fingerprint: "cart-total",
};
