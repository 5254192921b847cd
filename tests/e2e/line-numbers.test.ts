// Line numbers agree across the loop: error_parser's logLines, the pack's item line ranges and the
// failure excerpt's "log lines A-B" header all stay inside the real files (a trailing newline ends
// the last line; it does not start another).

import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeGitRepo, runScript, tempDir } from "../helpers/run.ts";

const source = ["// Sums invoice lines.", "export function total(items: number[]): number {", "  let sum = 0;", "  for (const item of items) sum += item;", "  return sum;", "}", ""].join("\n");
const log = ["$ npx tsc --noEmit", "src/total.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.", "Error: Process completed with exit code 2.", ""].join("\n");
const project = makeGitRepo({ "src/total.ts": source, "ci.log": log });
const work = tempDir("cfo-e2e-lines-");
afterAll(() => {
  project.cleanup();
  work.cleanup();
});

function lineCount(text: string): number {
  return text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
}

test("error_parser and context_manager never name a line past the end of a file", async () => {
  const env = { CFO_CACHE_DIR: join(work.path, "cache") };
  const logFile = join(project.path, "ci.log");
  const analysis = await runScript("error_parser", ["--log", logFile, "--json"], { env });
  expect(analysis.exitCode).toBe(0);
  const parsed = JSON.parse(analysis.stdout) as { errors: { logLines: [number, number] }[]; log: { lines: number } };
  expect(parsed.log.lines).toBe(lineCount(log));
  for (const error of parsed.errors) expect(error.logLines[1]).toBeLessThanOrEqual(lineCount(log));

  const pack = await runScript("context_manager", ["--project-root", project.path, "--error-log", logFile, "--json"], { env });
  expect(pack.exitCode).toBe(0);
  const { items, failure } = JSON.parse(pack.stdout) as { items: { path: string; lines?: [number, number][] }[]; failure: { excerpt: string } };
  const ranges = items.flatMap((item) => (item.lines ?? []).map(([first, last]) => ({ path: item.path, first, last, fileLines: lineCount(readFileSync(join(project.path, item.path), "utf8")) })));
  expect(ranges.length).toBeGreaterThan(0);
  expect(ranges.filter((range) => range.first < 1 || range.last > range.fileLines)).toEqual([]);
  const header = /log lines (\d+)-(\d+)/.exec(failure.excerpt);
  expect(header).not.toBeNull();
  expect(Number(header![2])).toBeLessThanOrEqual(lineCount(log));
});
