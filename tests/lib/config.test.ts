// The layered configuration through a real subprocess: every kind of mistake is one line naming
// file:line:column and the key, exit 2; merge order and origins are what --show-config says.

import { afterEach, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { repoRoot, runScript, tempDirs, writeFiles } from "../helpers/run.ts";

const probe = "tests/fixtures/config_probe.ts";
const dirs = tempDirs();
afterEach(dirs.removeAll);
const project = (files: Record<string, string>) => dirs.make(files);

async function check(root: string, ...extra: string[]) {
  return runScript(probe, ["--project-root", root, "--check", ...extra], { cwd: root });
}

describe("configuration mistakes are located", () => {
  test("wrong type names file:line:column and the key path", async () => {
    const root = project({ "cfo.config.yaml": "storage:\n  busyTimeoutMs: soon\n" });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe('config_probe: cfo.config.yaml:2:18: storage.busyTimeoutMs: must be integer, got "soon"');
  });

  test("unknown key suggests the closest allowed one", async () => {
    const root = project({ "cfo.config.yaml": "cacheDir: .c\nstorage:\n  retentionDay: {}\n" });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cfo.config.yaml:3:3: storage.retentionDay: unknown key "retentionDay" (did you mean "retentionDays"?)');
  });

  test("invalid regular expression names the pattern id and the regex error", async () => {
    const root = project({
      "cfo.config.yaml": "errors:\n  patterns:\n    - id: broken\n      category: custom\n      pattern: 'foo(['\n",
    });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/cfo\.config\.yaml:5:16: errors\.patterns\[0\]\.pattern: invalid regular expression in pattern "broken": .+/);
  });

  test("catastrophic backtracking is refused", async () => {
    const root = project({
      "cfo.config.yaml": "errors:\n  patterns:\n    - id: nested\n      category: custom\n      pattern: '^(a+)+$'\n",
    });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cfo.config.yaml:5:16: errors.patterns[0].pattern: pattern "nested" can backtrack catastrophically (exponential');
  });

  test("a vulnerable alternative of a long alternation is found and named", async () => {
    const root = project({
      "cfo.config.yaml": "errors:\n  patterns:\n    - id: mixed\n      category: custom\n      pattern: 'ok done|^(x+)+y$|fine'\n",
    });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('pattern "mixed" can backtrack catastrophically (exponential in the alternative /^(x+)+y$/');
  });

  test("duplicate pattern id inside one file", async () => {
    const pattern = (line: string) => `    - id: same\n      category: custom\n      pattern: '${line}'\n`;
    const root = project({ "cfo.config.yaml": `errors:\n  patterns:\n${pattern("a")}${pattern("b")}` });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cfo.config.yaml:6:11: errors.patterns[1].id: duplicate id "same"');
  });

  test("duplicate id across a plugin and the project needs override", async () => {
    const item = "    - id: shared\n      category: custom\n      pattern: 'boom'\n";
    const root = project({
      "plugins/mine.yaml": `name: mine\nerrors:\n  patterns:\n${item}`,
      "cfo.config.yaml": `errors:\n  patterns:\n${item}`,
    });
    const refused = await check(root);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('cfo.config.yaml:3:11: errors.patterns[0].id: duplicate id "shared" (first defined in plugin plugins/mine.yaml at plugins/mine.yaml:4); set `override: true`');
    writeFiles(root, { "cfo.config.yaml": `errors:\n  patterns:\n${item}      override: true\n` });
    expect((await check(root)).exitCode).toBe(0);
  });

  test("YAML syntax error has line and column", async () => {
    const root = project({ "cfo.config.yaml": "storage:\n  url: [unclosed\nplugins: {}\n" });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^config_probe: cfo\.config\.yaml:\d+:\d+: invalid YAML: .+\n$/);
    expect(run.stderr).not.toContain("    at ");
  });

  test("several mistakes are all reported", async () => {
    const root = project({ "cfo.config.yaml": "cacheDir: 3\nstorage:\n  busyTimeoutMs: -1\n" });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(2);
  });

  test("a bad command-line value is a usage error", async () => {
    const root = project({});
    const run = await runScript(probe, ["--project-root", root, "--days", "many"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe('config_probe: --days takes a number, got "many"');
  });

  test("a stray positional argument is a usage error, not silently ignored", async () => {
    const run = await runScript(probe, ["build.log"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe('config_probe: unexpected argument "build.log" (options are written --name value); see --help');
  });

  test("a --project-root that does not exist is an input error", async () => {
    const run = await runScript(probe, ["--project-root", "/nonexistent/cfo-project"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe("config_probe: /nonexistent/cfo-project: --project-root is not a directory");
  });

  test("--config pointing at a missing file", async () => {
    const root = project({});
    const run = await runScript(probe, ["--project-root", root, "--config", "nope.yaml"], { cwd: root });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("nope.yaml: configuration file not found");
  });
});

describe("plugins", () => {
  test("a YAML plugin that does not validate names its file and line", async () => {
    const root = project({ "plugins/bad.yaml": "name: bad\nerrors:\n  patterns:\n    - id: x\n      category: custom\n      pattern: a\n      severity: huge\n" });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('plugins/bad.yaml:7:17: errors.patterns[0].severity: must be one of "low", "medium", "high", "critical", got "huge"');
  });

  test("a TypeScript plugin that fails to import is reported with its file", async () => {
    const root = project({ "plugins/broken.ts": "export default definePlugin({ name: 'x' });\nthrow new Error('plugin exploded');\n" });
    const run = await check(root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("plugins/broken.ts: plugin failed to import:");
  });

  test("onError: warn skips a broken plugin and loads the others", async () => {
    const root = project({
      "cfo.config.yaml": "plugins:\n  onError: warn\n",
      "plugins/a-broken.yaml": "name: [\n",
      "plugins/b-good.yaml": "name: good\ncontext:\n  types:\n    - id: sql\n      patterns: ['**/*.sql']\n      priority: high\n",
    });
    const run = await check(root, "--json");
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("plugin skipped: plugins/a-broken.yaml:");
    const summary = JSON.parse(run.stdout) as { plugins: { name: string }[] };
    expect(summary.plugins.map((p) => p.name)).toEqual(["good"]);
  });

  test("the shipped example plugins load when enabled", async () => {
    const examples = readdirSync(`${repoRoot}/plugins/examples`).map((name) => `${repoRoot}/plugins/examples/${name}`);
    expect(examples.length).toBeGreaterThan(0);
    const root = project({ "cfo.config.yaml": `plugins:\n  enable:\n${examples.map((e) => `    - ${e}\n`).join("")}` });
    const run = await check(root, "--json");
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as { plugins: unknown[] }).plugins).toHaveLength(examples.length);
  });

  test("files under plugins/examples are not loaded unless enabled", async () => {
    const root = project({ "plugins/examples/x.yaml": "name: hidden\n" });
    const run = await check(root, "--json");
    expect((JSON.parse(run.stdout) as { plugins: unknown[] }).plugins).toEqual([]);
  });
});

describe("merge order and origins", () => {
  test("defaults < plugins < project < environment < flags", async () => {
    const root = project({
      "plugins/p.yaml": "name: p\nmetrics:\n  custom:\n    - id: queue-depth\n      command: echo 3\n",
      "cfo.config.yaml": "cacheDir: from-project\nstorage:\n  retentionDays:\n    metrics: 11\n    errors: 12\n",
    });
    const run = await runScript(probe, ["--project-root", root, "--show-config", "--json", "--days", "13"], {
      cwd: root,
      env: { CFO__storage__retentionDays__errors: "14", CFO_CACHE_DIR: "from-env" },
    });
    expect(run.exitCode).toBe(0);
    const { config, origins } = JSON.parse(run.stdout) as { config: { cacheDir: string; storage: { retentionDays: Record<string, number> } }; origins: Record<string, string> };
    expect(config.cacheDir).toBe("from-env");
    expect(config.storage.retentionDays).toMatchObject({ metrics: 13, errors: 14, context: 30 });
    expect(origins["storage.retentionDays.metrics"]).toBe("flag --days");
    expect(origins["storage.retentionDays.errors"]).toBe("environment CFO__storage__retentionDays__errors");
    expect(origins["storage.retentionDays.context"]).toBe("default config/core.yaml");
    expect(origins["metrics.custom[id=queue-depth]"]).toBe("plugin plugins/p.yaml");
    expect(origins.cacheDir).toBe("environment CFO_CACHE_DIR");
  });

  test("cosmiconfig finds .cforc.yaml and the cfo key of package.json", async () => {
    const rc = project({ ".cforc.yaml": "cacheDir: rc-cache\n" });
    expect((await runScript(probe, ["--project-root", rc], { cwd: rc })).stdout).toContain("rc-cache");
    const pkg = project({ "package.json": JSON.stringify({ name: "x", cfo: { cacheDir: "pkg-cache", storage: { busyTimeoutMs: "x" } } }, null, 2) });
    const run = await runScript(probe, ["--project-root", pkg], { cwd: pkg });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('package.json:6:24: storage.busyTimeoutMs: must be integer, got "x"');
  });
});

test("the repository's own cfo.config.yaml is a valid example", async () => {
  const run = await runScript(probe, ["--project-root", repoRoot, "--check", "--json"]);
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  expect((JSON.parse(run.stdout) as { projectConfig: string }).projectConfig).toEndWith("cfo.config.yaml");
});
