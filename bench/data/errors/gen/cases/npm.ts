// npm against the loopback registry: real npm output for resets, 5xx, 429, 4xx and lockfile problems.
import type { Case } from "../types.ts";

const pkg = JSON.stringify({ name: "app", version: "1.0.0", private: true }, null, 2);
const npmInstall = (mode: string, spec = "left-pad") =>
  `npm install --registry=$LOOP/${mode}/ --fetch-retries=0 --no-audit --no-fund --cache ./npm-cache ${spec}`;
const npm = (mode: string, id: string, category: Case["category"], retryable: boolean, why: string, expect: RegExp): Case => ({
  id, tool: "npm", category, retryable, why, files: { "package.json": pkg },
  command: npmInstall(mode), expect, from: /^npm (error|ERR!)/, max: 20, limit: 90,
});

export const npmCases: Case[] = [
  npm("reset", "gen-npm-econnreset-001", "network", true, "registry connection reset (ECONNRESET)", /ECONNRESET|socket hang up/),
  npm("502", "gen-npm-e502-001", "network", true, "registry answered 502 Bad Gateway", /502/),
  npm("503", "gen-npm-e503-001", "network", true, "registry answered 503 Service Unavailable", /503/),
  npm("500", "gen-npm-e500-001", "network", true, "registry answered 500: a server-side 5xx", /500/),
  npm("504", "gen-npm-e504-001", "network", true, "registry answered 504 Gateway Timeout", /504/),
  npm("429", "gen-npm-e429-001", "network", true, "registry rate limit: 429 Too Many Requests", /429/),
  npm("404", "gen-npm-e404-001", "dependency", false, "package not found in the registry (E404)", /E404/),
  npm("403", "gen-npm-e403-001", "permission", false, "registry refused access: 403 Forbidden", /E403/),
  npm("401", "gen-npm-e401-001", "permission", false, "registry requires authentication (E401)", /E401/),
  {
    id: "gen-npm-etarget-001", tool: "npm", category: "dependency", retryable: false,
    why: "no version of the package matches the requested range (ETARGET)",
    files: { "package.json": pkg },
    command: "npm install --registry=$LOOP/pkg/ --fetch-retries=0 --no-audit --no-fund --cache ./npm-cache left-pad@^2.0.0",
    expect: /ETARGET|No matching version/, from: /^npm (error|ERR!)/, max: 20, limit: 90,
  },
  {
    id: "gen-npm-econnrefused-001", tool: "npm", category: "network", retryable: true,
    why: "nothing listens at the registry address (ECONNREFUSED)",
    files: { "package.json": pkg },
    command: "npm install --registry=http://127.0.0.1:47999/ --fetch-retries=0 --no-audit --no-fund --cache ./npm-cache left-pad",
    expect: /ECONNREFUSED/, from: /^npm (error|ERR!)/, max: 20, limit: 90,
  },
  {
    id: "gen-npm-socket-timeout-001", tool: "npm", category: "network", retryable: true,
    why: "registry never answered; npm's fetch timed out (network timeout)",
    files: { "package.json": pkg },
    command: "npm install --registry=$LOOP/hang/ --fetch-retries=0 --fetch-timeout=2000 --no-audit --no-fund --cache ./npm-cache left-pad",
    expect: /timeout|ETIMEDOUT|ERR_SOCKET_TIMEOUT/i, from: /^npm (error|ERR!)/, max: 20, limit: 90,
  },
  {
    id: "gen-npm-missing-script-001", tool: "npm", category: "configuration", retryable: false,
    why: "the workflow runs an npm script that package.json does not define",
    files: { "package.json": JSON.stringify({ name: "app", version: "1.0.0", scripts: { test: "node -e 0" } }, null, 2) },
    command: "npm run build", expect: /Missing script/, max: 20,
  },
  {
    id: "gen-npm-ejsonparse-001", tool: "npm", category: "configuration", retryable: false,
    why: "package.json is not valid JSON (EJSONPARSE)",
    files: { "package.json": "{\n  \"name\": \"app\",\n  \"version\": \"1.0.0\",\n  \"scripts\": { \"test\": \"jest\" },\n}\n" },
    command: "npm test", expect: /EJSONPARSE|JSON/, max: 20,
  },
  {
    id: "gen-npm-lifecycle-test-001", tool: "npm", category: "test", retryable: false,
    why: "npm test ran node:test and an assertion failed; npm's exit line is a symptom",
    files: {
      "package.json": JSON.stringify({ name: "app", version: "1.0.0", scripts: { test: "node --test" } }, null, 2),
      "test/slug.test.js": "const test = require('node:test');\nconst assert = require('node:assert');\nconst slug = (s) => s.toLowerCase().replace(/ /g, '-');\ntest('slugifies', () => {\n  assert.strictEqual(slug('Hello  World'), 'hello-world');\n});\n",
    },
    command: "npm test", expect: /AssertionError|not ok/, max: 45,
  },
];
