// A half-restored cache: for each of the four stores, garbage (random bytes, or a SQLite header
// over garbage) in <cacheRoot>/<store>/<store>.db before the script runs. Expected: a warning, a
// recreated store, the garbage moved aside byte for byte (never deleted), and a normal result.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeGitRepo, repoRoot, runScript, tempDir, type ScriptRun } from "../helpers/run.ts";

const project = makeGitRepo({ "src/invoice.ts": "export function total(items: number[]): number {\n  return items.reduce((a, b) => a + b, 0);\n}\n" });
const work = tempDir("cfo-e2e-corrupt-");
afterAll(() => {
  project.cleanup();
  work.cleanup();
});
const typeErrorLog = join(repoRoot, "examples/logs/type-error.log");

type Store = "errors" | "context" | "metrics" | "feedback";

/** One run per store that opens it and must still give its normal answer. */
const runs: Record<Store, { script: string; args: string[]; normal(run: ScriptRun): void }> = {
  errors: {
    script: "error_parser",
    args: ["--log", typeErrorLog, "--json"],
    normal: (run) => expect((JSON.parse(run.stdout) as { summary: { errorCount: number } }).summary.errorCount).toBe(1),
  },
  context: {
    script: "context_manager",
    args: ["--task", "fix total in src/invoice.ts", "--json"],
    normal: (run) => expect((JSON.parse(run.stdout) as { items: { path: string }[] }).items.map((i) => i.path)).toContain("src/invoice.ts"),
  },
  metrics: {
    script: "metrics_collector",
    args: ["--workflow-id", "ci", "--run-id", "1", "--gauge", "ai.turns=3", "--strict"],
    normal: (run) => expect(run.stdout).toMatch(/recorded/),
  },
  feedback: {
    script: "feedback_optimizer",
    args: ["--add-feedback", "flaky e2e", "--strict"],
    normal: (run) => expect(run.stdout).toMatch(/fb_/),
  },
};

const garbageKinds: Record<string, () => Uint8Array> = {
  "random bytes": () => crypto.getRandomValues(new Uint8Array(12_288)),
  "a SQLite header over garbage": () => {
    const bytes = crypto.getRandomValues(new Uint8Array(8_192));
    bytes.set(new TextEncoder().encode("SQLite format 3\0"));
    bytes.set([0x10, 0x00, 0x01, 0x01], 16);
    return bytes;
  },
};

describe.each(Object.keys(runs) as Store[])("the %s store", (store) => {
  for (const [kind, garbage] of Object.entries(garbageKinds)) {
    test(`holding ${kind}: warned, moved aside, recreated, normal result`, async () => {
      const cacheRoot = join(work.path, `${store}-${kind.replace(/\W+/g, "-")}`);
      const dir = join(cacheRoot, store);
      mkdirSync(dir, { recursive: true });
      const bytes = garbage();
      writeFileSync(join(dir, `${store}.db`), bytes);
      const { script, args, normal } = runs[store];
      const run = await runScript(script, ["--project-root", project.path, ...args], { env: { CFO_CACHE_DIR: cacheRoot } });
      expect(`exit ${run.exitCode}: ${run.stderr}`).toStartWith("exit 0:");
      normal(run);
      expect(run.stderr).toMatch(new RegExp(`warning: .*${store}\\.db.*moved`));
      const aside = readdirSync(dir).filter((name) => name.startsWith(`${store}.db.corrupt-`));
      expect(aside).toHaveLength(1);
      expect(Buffer.from(readFileSync(join(dir, aside[0]!))).equals(Buffer.from(bytes))).toBe(true);
      // The recreated file is a real SQLite database.
      expect(readFileSync(join(dir, `${store}.db`)).subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
      // A second run finds a healthy store: no new warning, nothing more moved aside.
      const again = await runScript(script, ["--project-root", project.path, ...args], { env: { CFO_CACHE_DIR: cacheRoot } });
      expect(`exit ${again.exitCode}: ${again.stderr}`).toBe("exit 0: ");
      expect(readdirSync(dir).filter((name) => name.includes(".corrupt-"))).toHaveLength(1);
    }, 20_000);
  }
});
