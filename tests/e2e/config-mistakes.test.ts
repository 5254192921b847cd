// Configuration and plugin mistakes reach every script the same way: --check exits 2 with one
// `file:line:col: key: ...` line per mistake, and --help exits 0 with examples.

import { afterAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { runScript, tempDir, writeFiles } from "../helpers/run.ts";

const scripts = ["error_parser", "context_manager", "metrics_collector", "feedback_optimizer", "claude_code_runner"];
const work = tempDir("cfo-e2e-config-");
afterAll(() => work.cleanup());
const env = { CFO_CACHE_DIR: join(work.path, "cache") };

/** name -> files of a project with one mistake, and the line --check must print (after the script name). */
const mistakes: Record<string, { files: Record<string, string>; line: RegExp }> = {
  "an unknown key (with a did-you-mean)": {
    files: { "cfo.config.yaml": "storage:\n  retentionDays:\n    errors: 30\n  busyTimeotMs: 5\n" },
    line: /cfo\.config\.yaml:4:3: storage\.busyTimeotMs: unknown key .*did you mean "busyTimeoutMs"/,
  },
  "a wrong type": {
    files: { "cfo.config.yaml": "storage:\n  busyTimeoutMs: soon\n" },
    line: /cfo\.config\.yaml:2:18: storage\.busyTimeoutMs: /,
  },
  "a catastrophic-backtracking pattern": {
    files: { "cfo.config.yaml": 'errors:\n  patterns:\n    - id: slow\n      category: network\n      severity: high\n      pattern: "(a+)+$"\n' },
    line: /cfo\.config\.yaml:6:16: errors\.patterns\[0\]\.pattern: pattern "slow" can backtrack catastrophically/,
  },
  "a YAML syntax error": {
    files: { "cfo.config.yaml": "storage:\n  busyTimeoutMs: [1, 2\n" },
    line: /cfo\.config\.yaml:\d+:\d+: /,
  },
  "a plugin that does not parse": {
    files: { "plugins/broken.yaml": "errors:\n  patterns: [valid\n" },
    line: /plugins\/broken\.yaml:\d+:\d+: /,
  },
};

/** The file a `file:line:col:` message names, resolved as a user in `cwd` would open it. */
function namedFile(line: string, cwd: string): string {
  const file = /^\w+: (.+?):\d+:\d+: /.exec(line)?.[1] ?? "";
  return isAbsolute(file) ? file : join(cwd, file);
}

async function check(script: string, root: string, cwd: string): Promise<string> {
  const run = await runScript(script, ["--check", "--project-root", root], { cwd, env });
  expect(run.exitCode).toBe(2);
  expect(run.stdout).toBe("");
  const lines = run.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`${script}: `)).toBe(true);
  return lines[0]!;
}

function projectWith(name: string, folder = name): string {
  const root = join(work.path, folder.replace(/\W+/g, "-"));
  writeFiles(root, mistakes[name]!.files);
  return root;
}

// Every script reports an unknown key identically (they share one loader; this proves each uses it).
test.each(scripts)("%s --check on an unknown key: exit 2, one file:line:col line with a did-you-mean", async (script) => {
  const name = "an unknown key (with a did-you-mean)";
  const root = projectWith(name, `${name} ${script}`);
  expect(await check(script, root, root)).toMatch(mistakes[name]!.line);
});

// The other mistakes, each through a different script, run from outside the project: the message
// must name a file the user can open from where they are.
const others = Object.keys(mistakes).slice(1);
test.each(others.map((name, i) => [name, scripts[i % scripts.length]!]))("%s via %s --check, run from another folder", async (name, script) => {
  const root = projectWith(name);
  const line = await check(script, root, work.path);
  expect(line).toMatch(mistakes[name]!.line);
  expect({ line, fileExists: existsSync(namedFile(line, work.path)) }).toMatchObject({ fileExists: true });
});

test.each(scripts)("%s --help: exit 0 with examples", async (script) => {
  const run = await runScript(script, ["--help"], { cwd: work.path, env });
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toContain("Examples:");
  expect(run.stdout).toContain(`bun scripts/${script}.ts`);
  expect(run.stderr).toBe("");
});

test.each(scripts)("%s: an unknown flag is a usage error with a hint", async (script) => {
  const run = await runScript(script, ["--jsno"], { cwd: work.path, env });
  expect(run.exitCode).toBe(2);
  expect(run.stderr.trim()).toMatch(/unknown option '--jsno'.*did you mean --json/);
});
