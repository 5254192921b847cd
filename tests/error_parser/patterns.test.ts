// The shipped patterns (config/errors.yaml) and the ways users add their own: every shipped pattern is
// safe from catastrophic backtracking and covered by the keyword prefilter; project patterns and TypeScript
// plugin classifiers are used; a vulnerable user pattern is refused at load time.

import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { cleanLine } from "../../scripts/error_parser/clean.ts";
import { PREFILTER } from "../../scripts/error_parser/prefilter.ts";
import type { ErrorAnalysis } from "../../scripts/error_parser.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { checkRegexSafety } from "../../scripts/lib/config/regex-safety.ts";
import { repoRoot, runScript, tempDir, writeFiles } from "../helpers/run.ts";

const work = tempDir("cfo-ep-patterns-");
afterAll(work.cleanup);
const loaded = await loadConfig({ projectRoot: work.path, env: {} });
const shipped = loaded.config.errors.patterns;
const logchunks = join(repoRoot, "../shared/corpora/logchunks/logs");

describe("shipped patterns", () => {
  test("cover the ecosystems the taxonomy names", () => {
    const tools = new Set(shipped.map((p) => p.tool));
    for (const tool of ["tsc", "eslint", "npm", "yarn", "pnpm", "jest", "bun", "mocha", "vitest", "pytest", "pip", "cargo", "rustc", "go", "gradle", "maven", "javac", "gcc", "cmake", "make", "docker", "git", "apt", "actions-runner", "bundler", "rspec", "composer", "phpunit", "dotnet"]) {
      expect(tools.has(tool), tool).toBe(true);
    }
    const categories = new Set(shipped.map((p) => p.category));
    for (const category of ["syntax", "dependency", "configuration", "runtime", "test", "network", "permission", "timeout", "system"]) expect(categories.has(category), category).toBe(true);
  });

  test("none can backtrack catastrophically (recheck)", async () => {
    const problems = await checkRegexSafety(
      shipped.map((p) => ({ id: p.id, source: p.pattern, flags: p.flags ?? "", location: { file: "config/errors.yaml" }, keyPath: `errors.patterns[id=${p.id}]` })),
      join(work.path, "regex-safety.json"),
    );
    expect(problems.map((p) => p.message)).toEqual([]);
    // ~770 alternatives at 0.1-4 s each in recheck's agent: about a minute on an idle 2-core machine.
  }, 240_000);

  test("every line an error or symptom pattern matches in real logs passes the keyword prefilter", () => {
    const matchers = shipped.filter((p) => p.role !== "warning").map((p) => ({ id: p.id, regex: new RegExp(p.pattern, p.flags ?? "") }));
    const files = [
      ...readdirSync(join(repoRoot, "examples/logs")).map((name) => readFileSync(join(repoRoot, "examples/logs", name), "utf8")),
      ...["Java/square@retrofit", "Python/nvbn@thefuck", "Go/ethereum@go-ethereum", "Rust/jwilm@alacritty", "C++/BVLC@caffe", "PHP/composer@composer"].flatMap((repo) => {
        const dir = join(logchunks, repo, "failed");
        return readdirSync(dir).slice(0, 2).map((name) => gunzipSync(readFileSync(join(dir, name))).toString("utf8"));
      }),
    ];
    const missed: string[] = [];
    let matched = 0;
    for (const text of files) {
      for (const raw of text.split("\n")) {
        const line = cleanLine(raw);
        const hit = matchers.find((m) => m.regex.test(line));
        if (!hit) continue;
        matched++;
        if (!PREFILTER.test(line) && !/^\s+(?:left|right): |^\s+operator: /.test(line)) missed.push(`${hit.id}: ${line}`);
      }
    }
    expect(matched).toBeGreaterThan(100);
    expect(missed).toEqual([]);
  });
});

describe("user patterns and plugins", () => {
  const log = ["$ ./deploy.sh", "DEPLOY-042 quota of widgets reached for tenant acme", "Error: Process completed with exit code 3."].join("\n");

  test("a project pattern wins over the shipped ones, and a TypeScript classifier sees what no pattern matched", async () => {
    const project = join(work.path, "project");
    writeFiles(project, {
      "cfo.config.yaml": [
        "errors:",
        "  patterns:",
        "    - { id: deploy.quota, category: system, pattern: '^DEPLOY-\\d+ quota', severity: critical, retry: true, tool: deploy }",
      ].join("\n"),
      "plugins/tickets.ts": [
        `import { definePlugin } from ${JSON.stringify(join(repoRoot, "scripts/lib/plugin.ts"))};`,
        "export default definePlugin({",
        "  name: 'tickets',",
        "  classifiers: [({ line }) => (line.startsWith('TICKET ') ? { id: 'tickets.open', category: 'configuration', tool: 'tickets' } : undefined)],",
        "});",
      ].join("\n"),
      "quota.log": log,
      "ticket.log": ["$ ./release.sh", "TICKET 7 is still open", "Error: Process completed with exit code 1."].join("\n"),
    });
    const env = { CFO_CACHE_DIR: join(project, "cache") };
    const quota = await runScript("error_parser", ["--project-root", project, "--json", "--log", join(project, "quota.log")], { env });
    expect(quota.stderr).toBe("");
    const quotaAnalysis = JSON.parse(quota.stdout) as ErrorAnalysis;
    expect(quotaAnalysis.summary).toMatchObject({ category: "system", retryRecommended: true });
    expect(quotaAnalysis.errors[0]).toMatchObject({ patternId: "deploy.quota", tool: "deploy", logLines: [2, 2] });
    const ticket = JSON.parse((await runScript("error_parser", ["--project-root", project, "--json", "--log", join(project, "ticket.log")], { env })).stdout) as ErrorAnalysis;
    expect(ticket.errors[0]).toMatchObject({ patternId: "tickets.open", category: "configuration", tool: "tickets", logLines: [2, 2] });
  });

  test("the shipped example plugins load and classify", async () => {
    const project = join(work.path, "examples");
    writeFiles(project, {
      "cfo.config.yaml": `plugins:\n  enable: [${join(repoRoot, "plugins/examples/custom-error.yaml")}, ${join(repoRoot, "plugins/examples/custom-classifier.ts")}]\n`,
      "harness.log": "$ ./harness\nharness: exit 4\nError: Process completed with exit code 1.\n",
      "deploy.log": "$ ./deploy\nDEPLOY-12 quota of widgets reached\nError: Process completed with exit code 1.\n",
    });
    const env = { CFO_CACHE_DIR: join(project, "cache") };
    const run = async (log: string) => JSON.parse((await runScript("error_parser", ["--project-root", project, "--json", "--log", join(project, log)], { env })).stdout) as ErrorAnalysis;
    expect((await run("harness.log")).errors[0]).toMatchObject({ patternId: "harness.exit-4", category: "timeout", retryable: true });
    expect((await run("deploy.log")).errors[0]).toMatchObject({ patternId: "deploy.quota-exceeded", category: "system", tool: "deploy" });
  });

  test("a vulnerable pattern is refused with its file:line and exit 2", async () => {
    const project = join(work.path, "redos");
    writeFiles(project, { "cfo.config.yaml": ["errors:", "  patterns:", "    - { id: bad, category: test, pattern: '^(a+)+$' }"].join("\n"), "job.log": "x\n" });
    const run = await runScript("error_parser", ["--project-root", project, "--log", join(project, "job.log")], { env: { CFO_CACHE_DIR: join(project, "cache") } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/cfo\.config\.yaml:3:\d+: errors\.patterns\[0\]\.pattern: pattern "bad" can backtrack catastrophically/);
  });
});
