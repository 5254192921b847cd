// A temp git repository with planted secrets of several kinds, and the log of a failure that names
// the files holding them. Secret values are built at run time so no file here looks like a secret.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { join } from "node:path";
import { git, tempDir, writeFiles } from "../helpers/run.ts";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomFrom(alphabet: string, length: number): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

export interface PlantedSecrets {
  root: string;
  /** kind -> the exact secret value that must never leave. */
  secrets: Record<string, string>;
  /** A failing log naming the files that hold the secrets (but quoting none of them). */
  log: string;
  cleanup(): void;
}

export function repositoryWithSecrets(): PlantedSecrets {
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const secrets: Record<string, string> = {
    awsAccessKeyId: `AKIA${randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
    awsSecretAccessKey: randomFrom(`${ALNUM}/+`, 40),
    githubPat: `ghp_${randomFrom(ALNUM, 36)}`,
    pemPrivateKeyLine: pem.split("\n")[3]!,
    slackWebhook: `https://hooks.slack.com/services/T${randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8)}/B${randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8)}/${randomFrom(ALNUM, 24)}`,
    anthropicKey: `sk-ant-api03-${randomFrom(`${ALNUM}-_`, 93)}AA`,
    envPassword: `Pw-${randomFrom(ALNUM, 20)}`,
    configToken: `glpat-${randomFrom(ALNUM, 20)}`,
    configDatabasePassword: `Db${randomFrom(ALNUM, 18)}`,
    sourceLiteralNpmToken: `npm_${randomFrom(ALNUM, 36)}`,
  };
  const dir = tempDir("cfo-e2e-secrets-");
  const root = join(dir.path, "repo");
  writeFiles(root, {
    "package.json": JSON.stringify({ name: "billing", version: "1.0.0", type: "module" }, null, 2),
    "src/aws.ts": [
      "// Uploads invoices to S3.",
      `export const accessKeyId = "${secrets.awsAccessKeyId}";`,
      `export const aws_secret_access_key = "${secrets.awsSecretAccessKey}";`,
      "export function bucket(): string {",
      '  return "invoices";',
      "}",
      "",
    ].join("\n"),
    "src/github.ts": `export const token = "${secrets.githubPat}";\nexport function headers(): Record<string, string> {\n  return { authorization: \`token \${token}\` };\n}\n`,
    "src/notify.ts": `const webhook = "${secrets.slackWebhook}";\nexport async function notify(text: string): Promise<void> {\n  await fetch(webhook, { method: "POST", body: text });\n}\n`,
    "src/llm.ts": `export const anthropicKey = "${secrets.anthropicKey}";\nexport const model = "claude-sonnet";\n`,
    "src/publish.ts": `// Publishes the package.\nexport const npmToken = "${secrets.sourceLiteralNpmToken}";\nexport function registry(): string {\n  return "https://registry.npmjs.org/";\n}\n`,
    "src/signing.ts": `export const signingKey = \`${pem}\`;\nexport const keyId = "deploy";\n`,
    "deploy/id_rsa": pem,
    ".env": `DB_PASSWORD=${secrets.envPassword}\nPORT=8080\n`,
    "config/app.yaml": [
      "# Deployment settings",
      "gitlab:",
      `  token: ${secrets.configToken}`,
      "database:",
      `  url: postgres://billing:${secrets.configDatabasePassword}@db.internal:5432/billing`,
      "",
    ].join("\n"),
  });
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A", "-f");
  git(root, "commit", "-q", "-m", "billing service");
  const log = [
    "##[group]Run npx tsc --noEmit",
    "src/aws.ts(5,3): error TS2322: Type 'number' is not assignable to type 'string'.",
    "src/github.ts(2,10): error TS2304: Cannot find name 'fetchh'.",
    "src/notify.ts(3,9): error TS2345: Argument of type 'undefined' is not assignable to parameter of type 'string'.",
    "src/llm.ts(2,14): error TS2322: Type 'number' is not assignable to type 'string'.",
    "src/publish.ts(4,3): error TS2322: Type 'number' is not assignable to type 'string'.",
    "src/signing.ts(28,1): error TS1005: ';' expected.",
    "config/app.yaml: invalid deployment settings (see .env and deploy/id_rsa)",
    "##[endgroup]",
    "Error: Process completed with exit code 2.",
    "",
  ].join("\n");
  return { root, secrets, log, cleanup: dir.cleanup };
}
