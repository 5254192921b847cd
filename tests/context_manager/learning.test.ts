// Adaptive context: a passing fix recorded through feedback_optimizer's API makes later packs for
// the same fingerprint bring the file it changed, with a reason saying so; each build records what it sent.

import { afterAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordAttempt } from "../../scripts/feedback_optimizer.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { runScript, tempDir } from "../helpers/run.ts";
import { cartError, cartLog, cartProject, writeAnalysis } from "./fixtures.ts";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

test("files changed by earlier passing fixes of the same fingerprint rank higher", async () => {
  const repo = cartProject();
  const work = tempDir("cfo-ctx-learn-");
  cleanups.push(repo.cleanup, work.cleanup);
  const cacheDir = join(work.path, "cache");
  writeFileSync(join(repo.path, "cfo.config.yaml"), `cacheDir: ${JSON.stringify(cacheDir)}\n`);
  const analysis = writeAnalysis(work.path, cartLog, [cartError]);
  const build = async () => {
    const run = await runScript("context_manager", ["--project-root", repo.path, "--analysis", analysis, "--json"]);
    expect(run.exitCode).toBe(0);
    return JSON.parse(run.stdout) as { items: { path: string; reasons: string[] }[] };
  };

  const before = await build();
  expect(before.items.map((i) => i.path)).not.toContain("src/other.ts");

  const loaded = await loadConfig({ projectRoot: repo.path });
  for (const runId of ["101", "102"]) {
    await recordAttempt(loaded, { workflowId: "ci", runId, attempt: 1, strategy: "ai_fix", outcome: "passed", fingerprint: "cart-total", category: "test", changedFiles: ["src/other.ts"] });
  }
  const after = await build();
  const learned = after.items.find((i) => i.path === "src/other.ts");
  expect(learned?.reasons[0]).toContain("changed by 2 earlier passing fixes of this failure's fingerprint");

  const db = new Database(join(cacheDir, "context", "context.db"), { readonly: true });
  const sent = db.query("SELECT COUNT(*) AS n FROM sent WHERE fingerprint = 'cart-total'").get() as { n: number };
  db.close();
  expect(sent.n).toBe(before.items.length + after.items.length);
}, 30_000);
