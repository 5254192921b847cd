// The configuration memo (scripts/lib/config/memo.ts): a file parsed and validated once is taken from it on the
// next start with the same result, and a mistake is still found and located on every run, memo or not.

import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isJsonValue, MEMO_DIR, memoKey } from "../../scripts/lib/config/memo.ts";
import { runScript, tempDirs, writeFiles } from "../helpers/run.ts";

const probe = "tests/fixtures/config_probe.ts";
const dirs = tempDirs();
afterEach(dirs.removeAll);
const project = (files: Record<string, string>) => dirs.make(files);

/** Two runs of the probe: the first parses and validates the project file (unique text), the second may recall it. */
async function twice(root: string, ...args: string[]) {
  const first = await runScript(probe, ["--project-root", root, ...args], { cwd: root });
  const second = await runScript(probe, ["--project-root", root, ...args], { cwd: root });
  return [first, second] as const;
}

describe("configuration memo", () => {
  test("a remembered file gives the same configuration and origins as the first parse", async () => {
    const text = `# ${crypto.randomUUID()}\nerrors:\n  patterns:\n    - id: proj.one\n      category: custom\n      pattern: 'deploy \\d+ failed'\nstorage:\n  retentionDays: { metrics: 12 }\n`;
    const root = project({ "cfo.config.yaml": text });
    const [first, second] = await twice(root, "--show-config", "--json");
    expect(first.exitCode).toBe(0);
    expect(existsSync(join(MEMO_DIR, `${memoKey("yaml", readFileSync(join(root, "cfo.config.yaml"), "utf8"))}.json`))).toBe(true);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout).origins["errors.patterns[id=proj.one]"]).toBe("project cfo.config.yaml");
  });

  test("mistakes found after validation are located the same from the memo: unsafe regex, duplicate id of a plugin's pattern", async () => {
    const unsafe = project({ "cfo.config.yaml": `# ${crypto.randomUUID()}\nerrors:\n  patterns:\n    - id: nested\n      category: custom\n      pattern: '^(a+)+$'\n` });
    const [first, second] = await twice(unsafe, "--check");
    expect(first.exitCode).toBe(2);
    expect(first.stderr).toContain("cfo.config.yaml:6:16: errors.patterns[0].pattern: pattern \"nested\" can backtrack catastrophically");
    expect([second.exitCode, second.stderr]).toEqual([2, first.stderr]);

    const item = "    - id: shared\n      category: custom\n      pattern: 'boom'\n";
    const duplicate = project({
      "plugins/mine.yaml": `# ${crypto.randomUUID()}\nname: mine\nerrors:\n  patterns:\n${item}`,
      "cfo.config.yaml": `# ${crypto.randomUUID()}\nerrors:\n  patterns:\n${item}`,
    });
    const [one, two] = await twice(duplicate, "--check");
    expect(one.exitCode).toBe(2);
    expect(one.stderr).toContain('cfo.config.yaml:4:11: errors.patterns[0].id: duplicate id "shared" (first defined in plugin plugins/mine.yaml at plugins/mine.yaml:5); set `override: true`');
    expect([two.exitCode, two.stderr]).toEqual([2, one.stderr]);
  });

  test("a file that was valid and is then broken is reported, and valid again when fixed", async () => {
    const valid = `# ${crypto.randomUUID()}\nstorage:\n  busyTimeoutMs: 500\n`;
    const root = project({ "cfo.config.yaml": valid });
    expect((await twice(root, "--check")).map((run) => run.exitCode)).toEqual([0, 0]);
    writeFiles(root, { "cfo.config.yaml": valid.replace("500", "soon") });
    const broken = await twice(root, "--check");
    for (const run of broken) expect([run.exitCode, run.stderr.trim()]).toEqual([2, 'config_probe: cfo.config.yaml:3:18: storage.busyTimeoutMs: must be integer, got "soon"']);
    writeFiles(root, { "cfo.config.yaml": valid });
    expect((await runScript(probe, ["--project-root", root, "--check"], { cwd: root })).exitCode).toBe(0);
  });

  test("a file holding a secret is used but never copied into the memo; the same file without it is", async () => {
    const password = `pw${crypto.randomUUID().replaceAll("-", "")}`;
    const withSecret = `# ${crypto.randomUUID()}\nstorage:\n  url: postgres://cfo:${password}@db.example.com:5432/cfo\n`;
    const root = project({ "cfo.config.yaml": withSecret });
    const [first, second] = await twice(root, "--show-config", "--json");
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(second.stdout).toBe(first.stdout);
    const memoFile = (text: string) => join(MEMO_DIR, `${memoKey("yaml", text)}.json`);
    expect(existsSync(memoFile(withSecret))).toBe(false);
    const withoutSecret = withSecret.replace(`:${password}@`, "@");
    writeFiles(root, { "cfo.config.yaml": withoutSecret });
    expect((await runScript(probe, ["--project-root", root, "--check"], { cwd: root })).exitCode).toBe(0);
    expect(existsSync(memoFile(withoutSecret))).toBe(true);
  });

  test("only values JSON keeps as they are are remembered", () => {
    expect(isJsonValue({ a: [1, "x", true, null, { b: -2.5 }] })).toBe(true);
    for (const value of [{ a: Infinity }, [NaN], { a: undefined }, -0, new Date(0), JSON.parse('{"__proto__": 1}'), { a: 1n }]) expect(isJsonValue(value)).toBe(false);
  });
});
