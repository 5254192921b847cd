// Secrets never leave: planted secrets of several kinds must reach neither the pack (every format),
// nor the --json/--explain report, nor the store (the SQLite file's bytes, or the server's rows).

import { afterAll, describe, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runScript, tempDir } from "../helpers/run.ts";
import { storeBackends, storedText } from "./backends.ts";
import { cartProject, writeAnalysis } from "./fixtures.ts";

// Built at run time so this file holds no secret-looking literal.
const secrets = {
  aws: ["AKIA", "QYLPMN5HHHFPZAM2"].join(""),
  github: ["ghp", "_wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx"].join(""),
  slack: ["https://hooks.slack.com/services/", "T024BE7LD/B024BE7LH/", "abcdEFGHijklMNOPqrstUVWX"].join(""),
  anthropic: ["sk-ant-api03-", "Qw3rTy7uIoP9aSdFgH1jKlZxCvBnM2qWeRtYuIoPaSdFgHjKlZxCvBnMqWeRtYuIoPaSdFgHjKlZxCvBnMqWeRtYuI-", "AbCdEfAA"].join(""),
  envPassword: ["hunter2", "-correct-horse-battery"].join(""),
};
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const privateKeyBody = privateKey.split("\n")[5]!;

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

for (const backend of storeBackends("context secrets")) {
  describe.skipIf(backend.skip)(backend.name, () => {
    test("planted secrets reach neither the pack, the report nor the cache", async () => {
      const repo = cartProject({
        "src/aws.ts": `export const awsAccessKeyId = "${secrets.aws}";\nexport function region(): string {\n  return "eu-west-1";\n}\n`,
        "src/github.ts": `export const token = "${secrets.github}";\nexport function headers() {\n  return { authorization: \`token \${token}\` };\n}\n`,
        "src/notify.ts": `export const webhook = "${secrets.slack}";\nexport function notify(text: string) {\n  return fetch(webhook, { method: "POST", body: text });\n}\n`,
        "src/llm.ts": `export const anthropicKey = "${secrets.anthropic}";\nexport const model = "claude";\n`,
        "src/embedded_key.ts": `export const signingKey = \`${privateKey}\`;\nexport const keyName = "deploy";\n`,
        "deploy/id_rsa": privateKey,
        ".env": `DB_PASSWORD=${secrets.envPassword}\n`,
        ".env.production": `API_TOKEN=${secrets.github}\n`,
      });
      const work = tempDir("cfo-ctx-secrets-");
      cleanups.push(repo.cleanup, work.cleanup);
      const named = ["src/aws.ts", "src/github.ts", "src/notify.ts", "src/llm.ts", "src/embedded_key.ts", ".env", "deploy/id_rsa"];
      const log = [`deploy failed with token ${secrets.github}`, ...named.map((path, i) => `  at run (/home/runner/work/shop/shop/${path}:${i + 1}:1)`)].join("\n");
      const analysis = writeAnalysis(work.path, log, [
        { message: `request failed: bad credentials ${secrets.github}`, category: "permission", context: log.split("\n").slice(1), logLines: [1, named.length + 1] },
      ], "permission");
      const cacheDir = join(work.path, "cache");
      const env = await backend.env(cacheDir);
      const outputs: string[] = [];
      for (const format of ["markdown", "xml", "json"]) {
        const file = join(work.path, `pack.${format}`);
        const run = await runScript("context_manager", ["--project-root", repo.path, "--analysis", analysis, "--task", `rotate ${secrets.aws}`, "--format", format, "--output", file, "--explain"], { env });
        expect(run.exitCode).toBe(0);
        outputs.push(readFileSync(file, "utf8"), run.stdout, run.stderr);
      }
      const report = await runScript("context_manager", ["--project-root", repo.path, "--analysis", analysis, "--json", "--explain"], { env });
      expect(report.exitCode).toBe(0);
      outputs.push(report.stdout, report.stderr);

      // The planted files were chosen (so redaction, not absence, kept the secrets out)...
      const pack = JSON.parse(report.stdout) as { items: { path: string; mode: string }[]; omitted: { path: string; reason: string }[] };
      for (const path of ["src/aws.ts", "src/github.ts", "src/notify.ts", "src/llm.ts", "src/embedded_key.ts"]) expect(pack.items.map((i) => i.path)).toContain(path);
      // ...the secret files were never read, and the pack says so.
      expect(pack.items.map((i) => i.path)).not.toContain(".env");
      expect(pack.omitted.find((o) => o.path === ".env")?.reason).toBe("secret file: never read");
      expect(outputs.join("\n")).toContain("[REDACTED");

      const stored = await storedText(env);
      expect(stored).toContain("src/aws.ts");
      const everything = [...outputs, stored].join("\n");
      for (const [kind, secret] of Object.entries({ ...secrets, privateKeyBody })) {
        expect({ kind, leaked: everything.includes(secret) }).toEqual({ kind, leaked: false });
      }
    }, 60_000);
  });
}
