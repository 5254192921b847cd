// --mode analyze through the real @anthropic-ai/sdk against the loopback Messages API server: the
// context block goes out with cache_control, the second run reads it from the cache, and the cache
// read/write tokens come back as the run's metrics; the proposed patch is written to the run folder.

import Ajv from "ajv";
import { afterEach, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startMessagesServer, textReply, type MessagesServer } from "../helpers/messages-server.ts";
import { repoRoot, runScript } from "../helpers/run.ts";
import { brokenWorkspace, type Workspace } from "./github-env.ts";

const PATCH = "--- a/src/invoice.ts\n+++ b/src/invoice.ts\n@@ -59 +59 @@\n-    total: add(subtract(subtotal, discount), tax.amount),\n+    total: add(subtract(subtotal, discount), tax),\n";
/** The --json schema with the schemas it refers to (error_parser's, context_manager's). */
function reportValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const dir = join(repoRoot, "schemas/output");
  for (const file of readdirSync(dir)) ajv.addSchema(JSON.parse(readFileSync(join(dir, file), "utf8")), file);
  return ajv.getSchema("claude_code_runner.schema.json")!;
}

let workspace: Workspace | undefined;
let server: MessagesServer | undefined;
afterEach(() => {
  workspace?.cleanup();
  server?.stop();
});

test("analyze mode sends the stable context with cache_control and records cache tokens", async () => {
  workspace = await brokenWorkspace("type-error");
  server = startMessagesServer({ replies: [textReply(`The tax is passed as a number.\n\n\`\`\`diff\n${PATCH}\`\`\`\n`), textReply("Same cause as before.")] });
  const analyze = (runId: string) =>
    runScript("claude_code_runner", ["--project-root", workspace!.project, "--error-log", workspace!.logPath, "--mode", "analyze", "--run-id", runId, "--enable-metrics", "--json"], {
      env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: server!.baseURL, CFO_CACHE_DIR: workspace!.cache },
    });

  const first = await analyze("1");
  expect(first.stderr).toBe("");
  expect(first.exitCode).toBe(0);
  const report = JSON.parse(first.stdout);
  const validate = reportValidator();
  expect(validate(report) ? [] : validate.errors).toEqual([]);
  expect(report.outcome).toBe("explained");
  expect(report.claude.via).toBe("messages-api");
  expect(readFileSync(report.claude.patchFile, "utf8")).toBe(PATCH);
  expect(readFileSync(join(report.runDir, "analysis.md"), "utf8")).toContain("The tax is passed as a number.");

  const request = server.messageRequests()[0]!;
  const system = request.system as { text: string; cache_control?: { type: string } }[];
  expect(system.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
  expect(system.at(-1)?.text).toContain("src/invoice.ts");
  expect(JSON.stringify(request.messages)).toContain("TS2345");
  expect(report.metrics["ai.cache_creation_tokens"]).toBeGreaterThan(0);
  expect(report.metrics["ai.cache_read_tokens"]).toBe(0);

  const second = JSON.parse((await analyze("2")).stdout);
  expect(second.metrics["ai.cache_read_tokens"]).toBe(report.metrics["ai.cache_creation_tokens"]);
  expect(second.metrics["ai.cache_hit_rate"]).toBeGreaterThan(0.5);
  expect(second.outputs["fix-outcome"]).toBe("explained");
}, 30_000);
