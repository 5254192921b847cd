// Adaptive context: a passing fix recorded through feedback_optimizer's API makes later packs for
// the same fingerprint bring the file it changed, with a reason saying so; each build records what it
// sent. On both backends (the context and feedback stores both on the server in the PostgreSQL run).

import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ContextCacheManager } from "../../scripts/context_manager.ts";
import { recordAttempt } from "../../scripts/feedback_optimizer.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { runScript, tempDir } from "../helpers/run.ts";
import { storeBackends } from "./backends.ts";
import { cartError, cartLog, cartProject, writeAnalysis } from "./fixtures.ts";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

for (const backend of storeBackends("context learning")) {
  describe.skipIf(backend.skip)(backend.name, () => {
    test("files changed by earlier passing fixes of the same fingerprint rank higher", async () => {
      const repo = cartProject();
      const work = tempDir("cfo-ctx-learn-");
      cleanups.push(repo.cleanup, work.cleanup);
      const env = await backend.env(join(work.path, "cache"));
      const analysis = writeAnalysis(work.path, cartLog, [cartError]);
      const build = async () => {
        const run = await runScript("context_manager", ["--project-root", repo.path, "--analysis", analysis, "--json"], { env });
        expect(run.exitCode).toBe(0);
        return JSON.parse(run.stdout) as { items: { path: string; reasons: string[] }[] };
      };

      const before = await build();
      expect(before.items.map((i) => i.path)).not.toContain("src/other.ts");

      const loaded = await loadConfig({ projectRoot: repo.path, env: { ...process.env, ...env } });
      for (const runId of ["101", "102"]) {
        await recordAttempt(loaded, { workflowId: "ci", runId, attempt: 1, strategy: "ai_fix", outcome: "passed", fingerprint: "cart-total", category: "test", changedFiles: ["src/other.ts"] });
      }
      const after = await build();
      const learned = after.items.find((i) => i.path === "src/other.ts");
      expect(learned?.reasons[0]).toContain("changed by 2 earlier passing fixes of this failure's fingerprint");

      const cache = await ContextCacheManager.open(loaded);
      expect(cache.location).toContain(backend.name === "postgres" ? "postgres://" : "context.db");
      const sent = await cache.sentBefore(["cart-total"]);
      cache.close();
      expect([...sent.values()].reduce((a, b) => a + b, 0)).toBe(before.items.length + after.items.length);
      expect(sent.get("src/other.ts")).toBe(1);
    }, 30_000);
  });
}
