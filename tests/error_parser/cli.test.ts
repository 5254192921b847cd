// error_parser as a user runs it: real subprocesses on the example logs, the real errors store in a
// temp cache dir, GitHub outputs written to temp files.

import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { validator } from "../../scripts/lib/config/schema.ts";
import type { ErrorAnalysis } from "../../scripts/error_parser.ts";
import { repoRoot, runScript, tempDir } from "../helpers/run.ts";

const sampleProject = join(repoRoot, "examples/sample-project");
const exampleLog = (name: string) => join(repoRoot, "examples/logs", `${name}.log`);
const cache = tempDir("cfo-ep-cli-");
afterAll(cache.cleanup);

async function analyze(args: string[], env: Record<string, string> = {}, cacheDir = join(cache.path, "shared")): Promise<{ analysis: ErrorAnalysis; stdout: string; stderr: string; exitCode: number }> {
  const run = await runScript("error_parser", ["--project-root", sampleProject, "--json", ...args], { env: { CFO_CACHE_DIR: cacheDir, ...env } });
  if (run.exitCode !== 0) throw new Error(`exit ${run.exitCode}: ${run.stderr}`);
  return { analysis: JSON.parse(run.stdout) as ErrorAnalysis, ...run };
}

const primary = (analysis: ErrorAnalysis) => analysis.errors[analysis.summary.primaryError!]!;

describe("the example logs", () => {
  const expected: Record<string, { category: string; retry: boolean }> = {
    "type-error": { category: "syntax", retry: false },
    "test-failure": { category: "test", retry: false },
    "flaky-test": { category: "timeout", retry: true },
    network: { category: "network", retry: true },
  };
  for (const [name, want] of Object.entries(expected)) {
    test(`${name}.log is ${want.category}, retry ${want.retry}, and the JSON matches its schema`, async () => {
      const { analysis } = await analyze(["--log", exampleLog(name)], {}, join(cache.path, name));
      expect(analysis.summary.category).toBe(want.category);
      expect(analysis.summary.retryRecommended).toBe(want.retry);
      expect(analysis.retry.decidedBy).toBe("pattern");
      const validate = validator("output/error_parser.schema.json");
      expect(validate(analysis), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  test("healthy.log has no errors and recommends nothing", async () => {
    const { analysis } = await analyze(["--log", exampleLog("healthy")], {}, join(cache.path, "healthy"));
    expect(analysis.summary).toEqual({ category: "unknown", severity: "low", retryRecommended: false, errorCount: 0, primaryError: null });
  });

  test("tsc's error: file, line and column relative to the project, log line 2", async () => {
    const { analysis } = await analyze(["--log", exampleLog("type-error")], {}, join(cache.path, "tsc"));
    expect(primary(analysis)).toMatchObject({ tool: "tsc", file: "src/invoice.ts", line: 59, column: 46, logLines: [2, 2], occurrences: 1 });
  });

  test("bun's failures: each block spans its excerpt and frame; temp-copy paths map onto the project", async () => {
    const { analysis } = await analyze(["--log", exampleLog("test-failure")], {}, join(cache.path, "bun"));
    expect(analysis.errors.map((e) => [e.file, e.line, e.logLines])).toEqual([
      ["test/tax.test.ts", 8, [6, 25]],
      ["test/invoice.test.ts", 22, [29, 48]],
    ]);
    // The run's first failure stands for it: later failures and the summary follow it (primary.ts, firstTestFailure).
    expect(analysis.summary.primaryError).toBe(0);
    expect(analysis.errors[0]!.fingerprint).not.toBe(analysis.errors[1]!.fingerprint);
  });

  test("the npm failure is one block and the `complete log` symptom is not part of it", async () => {
    const { analysis } = await analyze(["--log", exampleLog("network")], {}, join(cache.path, "npm"));
    expect(analysis.errors).toHaveLength(1);
    expect(primary(analysis)).toMatchObject({ tool: "npm", category: "network", logLines: [2, 9] });
  });
});

describe("the errors store", () => {
  test("a repeated analysis of the same log is answered from the cache", async () => {
    const dir = join(cache.path, "repeat");
    const first = await analyze(["--log", exampleLog("type-error")], {}, dir);
    const second = await analyze(["--log", exampleLog("type-error")], {}, dir);
    expect(first.analysis.cached).toBe(false);
    expect(second.analysis.cached).toBe(true);
    expect(second.analysis.errors).toEqual(first.analysis.errors);
  });

  test("a changed pattern set invalidates the cache", async () => {
    const dir = join(cache.path, "invalidate");
    await analyze(["--log", exampleLog("type-error")], {}, dir);
    const changed = await analyze(["--log", exampleLog("type-error")], { CFO__errors__contextLines: "1" }, dir);
    expect(changed.analysis.cached).toBe(false);
  });

  test("the same error in a second run is recurring", async () => {
    const dir = join(cache.path, "recurrence");
    const logs = tempDir("cfo-ep-logs-");
    try {
      const text = readFileSync(exampleLog("type-error"), "utf8");
      writeFileSync(join(logs.path, "run1.log"), text);
      writeFileSync(join(logs.path, "run2.log"), `$ npm run lint\n${text}`);
      const first = await analyze(["--log", join(logs.path, "run1.log"), "--workflow-id", "ci"], {}, dir);
      const second = await analyze(["--log", join(logs.path, "run2.log"), "--workflow-id", "ci"], {}, dir);
      expect(primary(first.analysis).recurring).toBeNull();
      expect(primary(second.analysis).recurring).toMatchObject({ count: 2, days: 30 });
      expect(primary(second.analysis).logLines).toEqual([3, 3]);
    } finally {
      logs.cleanup();
    }
  });

  test("--cleanup reports what it deleted", async () => {
    const run = await runScript("error_parser", ["--project-root", sampleProject, "--cleanup", "--json"], { env: { CFO_CACHE_DIR: join(cache.path, "shared") } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ store: "errors", retentionDays: 30 });
  });
});

describe("input and output", () => {
  test("stdin is read with --log -", async () => {
    const run = await runScript("error_parser", ["--project-root", sampleProject, "--json", "--log", "-"], {
      env: { CFO_CACHE_DIR: join(cache.path, "stdin") },
      stdin: readFileSync(exampleLog("network")),
    });
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as ErrorAnalysis).summary.category).toBe("network");
  });

  test("a missing file or a directory is a one-line error with exit 2", async () => {
    for (const log of [join(cache.path, "nope.log"), cache.path]) {
      const run = await runScript("error_parser", ["--log", log], { env: { CFO_CACHE_DIR: join(cache.path, "bad") } });
      expect(run.exitCode).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(log);
    }
  });

  test("text output names the primary cause and the retry decision", async () => {
    const run = await runScript("error_parser", ["--project-root", sampleProject, "--log", exampleLog("type-error")], { env: { CFO_CACHE_DIR: join(cache.path, "text") } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Primary cause: syntax");
    expect(run.stdout).toContain("src/invoice.ts:59:46");
  });

  test("in GitHub Actions: outputs, a step summary, annotations, and log text that cannot run commands", async () => {
    const dir = tempDir("cfo-ep-gh-");
    try {
      const log = join(dir.path, "job.log");
      writeFileSync(log, ["::add-mask::secret-value", "::set-output name=a::b", "src/invoice.ts(59,46): error TS2345: ::add-mask::x", "Error: Process completed with exit code 2."].join("\n"));
      const outputFile = join(dir.path, "output");
      const summaryFile = join(dir.path, "summary");
      writeFileSync(outputFile, "");
      writeFileSync(summaryFile, "");
      const run = await runScript("error_parser", ["--project-root", sampleProject, "--log", log], {
        env: { CFO_CACHE_DIR: join(dir.path, "cache"), GITHUB_ACTIONS: "true", GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile },
      });
      expect(run.exitCode).toBe(0);
      const outputs = readFileSync(outputFile, "utf8");
      for (const name of ["retry-recommended", "retry-delay-seconds", "error-category", "error-count"]) expect(outputs).toContain(name);
      expect(outputs).toMatch(/error-category<<\S+\nsyntax\n/);
      expect(readFileSync(summaryFile, "utf8")).toContain("| **primary** | syntax |");
      // The log text is printed inside ::stop-commands:: ... so the runner ignores commands in it.
      const lines = run.stdout.split("\n");
      const stop = lines.findIndex((line) => line.startsWith("::stop-commands::"));
      const resume = lines.findIndex((line) => line === `::${lines[stop]!.slice("::stop-commands::".length)}::`);
      expect(stop).toBeGreaterThanOrEqual(0);
      const embedded = lines.findIndex((line) => line.includes("::add-mask::x"));
      expect(embedded).toBeGreaterThan(stop);
      expect(embedded).toBeLessThan(resume);
      // Outside that block only the tool's own commands start a line: the annotation, one line, file and line set.
      const outside = lines.filter((line, index) => (index < stop || index > resume) && line.startsWith("::"));
      expect(outside).toHaveLength(1);
      expect(outside[0]).toStartWith("::error title=syntax error (tsc),file=src/invoice.ts,line=59");
    } finally {
      dir.cleanup();
    }
  });
});
