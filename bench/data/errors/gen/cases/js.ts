// Node, TypeScript and bun failures produced by the real tools on small files.
import type { Case } from "../types.ts";

const pkgTypecheck = JSON.stringify({ name: "app", version: "1.0.0", private: true, scripts: { typecheck: "tsc -p ." } }, null, 2);
const tsconfig = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "nodenext" }, include: ["src"] }, null, 2);

export const jsCases: Case[] = [
  {
    id: "gen-tsc-ts2322-001", tool: "tsc", category: "syntax", retryable: false,
    why: "type error TS2322: the code does not type-check",
    files: { "package.json": pkgTypecheck, "tsconfig.json": tsconfig, "src/total.ts": "export function total(prices: number[]): number {\n  let sum: number = 0;\n  for (const p of prices) sum += p;\n  const label: string = sum;\n  return label.length;\n}\n" },
    command: "npm run typecheck", expect: /error TS2322/, max: 20,
  },
  {
    id: "gen-tsc-ts2304-001", tool: "tsc", category: "syntax", retryable: false,
    why: "TS2304 cannot find name: a typo in the code",
    files: { "package.json": pkgTypecheck, "tsconfig.json": tsconfig, "src/user.ts": "export interface User { name: string }\nexport function greet(u: User): string {\n  return `hello ${usr.name}`;\n}\n" },
    command: "tsc -p . --pretty", expect: /TS2304/, max: 20,
  },
  {
    id: "gen-tsc-ts2307-001", tool: "tsc", category: "dependency", retryable: false,
    why: "TS2307: an imported package is not installed",
    files: { "package.json": pkgTypecheck, "tsconfig.json": tsconfig, "src/pad.ts": "import leftPad from \"left-pad\";\nexport const padded = leftPad(\"7\", 3, \"0\");\n" },
    command: "npm run typecheck", expect: /TS2307/, max: 20,
  },
  {
    id: "gen-tsc-ts1005-001", tool: "tsc", category: "syntax", retryable: false,
    why: "TS1005: the file does not parse",
    files: { "package.json": pkgTypecheck, "tsconfig.json": tsconfig, "src/parse.ts": "export function parse(input: string) {\n  const parts = input.split(\",\"\n  return parts.map((p) => p.trim());\n}\n" },
    command: "tsc -p . --pretty", expect: /TS1005/, max: 25,
  },
  {
    id: "gen-tsc-ts2345-001", tool: "tsc", category: "syntax", retryable: false,
    why: "TS2345 argument type mismatch",
    files: { "package.json": pkgTypecheck, "tsconfig.json": tsconfig, "src/retry.ts": "function delay(ms: number): Promise<void> {\n  return new Promise((r) => setTimeout(r, ms));\n}\nexport async function retry(): Promise<void> {\n  await delay(\"250\");\n}\n" },
    command: "npm run typecheck", expect: /TS2345/, max: 20,
  },
  {
    id: "gen-tsc-ts2339-001", tool: "tsc", category: "syntax", retryable: false,
    why: "TS2339 property does not exist on type",
    files: { "package.json": pkgTypecheck, "tsconfig.json": tsconfig, "src/config.ts": "interface Config { retries: number }\nexport function read(c: Config): number {\n  return c.retry * 2;\n}\n" },
    command: "tsc -p . --pretty", expect: /TS2339/, max: 20,
  },
  {
    id: "gen-tsc-ts5023-001", tool: "tsc", category: "configuration", retryable: false,
    why: "tsconfig names a compiler option that does not exist",
    files: { "package.json": pkgTypecheck, "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, noEmit: true, strictNullChecksEverywhere: true }, include: ["src"] }, null, 2), "src/a.ts": "export const a = 1;\n" },
    command: "npm run typecheck", expect: /TS5023/, max: 20,
  },
  {
    id: "gen-tsc-tsconfig-json-001", tool: "tsc", category: "configuration", retryable: false,
    why: "tsconfig.json is not valid JSON",
    files: { "package.json": pkgTypecheck, "tsconfig.json": "{\n  \"compilerOptions\": {\n    \"strict\": true\n    \"noEmit\": true\n  }\n}\n", "src/a.ts": "export const a = 1;\n" },
    command: "npm run typecheck", expect: /error TS/, max: 20,
  },
  {
    id: "gen-node-syntaxerror-001", tool: "node", category: "syntax", retryable: false,
    why: "node cannot parse the script (SyntaxError)",
    files: { "build.js": "const steps = ['lint', 'test'\nfor (const s of steps) console.log(s);\n" },
    command: "node build.js", expect: /SyntaxError/,
  },
  {
    id: "gen-node-typeerror-001", tool: "node", category: "runtime", retryable: false,
    why: "uncaught TypeError thrown by the program",
    files: { "report.js": "function summarize(run) {\n  return run.jobs.map((j) => j.name).join(', ');\n}\nconsole.log('collecting results');\nconsole.log(summarize({ id: 7 }));\n" },
    command: "node report.js", expect: /TypeError/,
  },
  {
    id: "gen-node-referenceerror-001", tool: "node", category: "runtime", retryable: false,
    why: "uncaught ReferenceError at run time",
    files: { "server.js": "const port = Number(process.env.PORT ?? 3000);\nconsole.log(`starting on ${port}`);\nstartServer(port);\n" },
    command: "node server.js", expect: /ReferenceError/,
  },
  {
    id: "gen-node-unhandled-rejection-001", tool: "node", category: "runtime", retryable: false,
    why: "unhandled promise rejection crashes node",
    files: { "migrate.mjs": "async function migrate(version) {\n  if (version > 3) throw new Error(`no migration for schema version ${version}`);\n}\nconsole.log('migrating');\nawait migrate(4);\n" },
    command: "node migrate.mjs", expect: /no migration/,
  },
  {
    id: "gen-node-rangeerror-001", tool: "node", category: "runtime", retryable: false,
    why: "unbounded recursion: RangeError maximum call stack size exceeded",
    files: { "walk.js": "function walk(node) { return 1 + walk(node.parent ?? node); }\nconsole.log(walk({}));\n" },
    command: "node walk.js", expect: /Maximum call stack size exceeded/,
  },
  {
    id: "gen-node-cannot-find-module-001", tool: "node", category: "dependency", retryable: false,
    why: "require of a package that is not installed (MODULE_NOT_FOUND)",
    files: { "index.js": "const express = require('express');\nexpress().listen(3000);\n" },
    command: "node index.js", expect: /Cannot find module 'express'/,
  },
  {
    id: "gen-node-err-module-not-found-001", tool: "node", category: "dependency", retryable: false,
    why: "ESM import of a package that is not installed (ERR_MODULE_NOT_FOUND)",
    files: { "main.mjs": "import { z } from 'zod';\nconsole.log(z.string().parse('ok'));\n" },
    command: "node main.mjs", expect: /ERR_MODULE_NOT_FOUND/,
  },
  {
    id: "gen-node-heap-oom-001", tool: "node", category: "system", retryable: false,
    why: "the program always needs more heap than the 16 MB limit: deterministic exhaustion",
    files: { "grow.js": "const rows = [];\nfor (let i = 0; ; i++) rows.push({ i, text: 'row ' + i + ' '.repeat(64) });\n" },
    command: "node --max-old-space-size=16 grow.js", expect: /heap out of memory/, max: 30, limit: 60,
  },
  {
    id: "gen-node-eacces-001", tool: "node", category: "permission", retryable: false,
    why: "EACCES reading a file whose mode denies access",
    files: { "read.js": "const fs = require('fs');\nconsole.log(fs.readFileSync('secrets.env', 'utf8'));\n", "secrets.env": "TOKEN=x\n" },
    setup: "chmod 000 secrets.env", user: "nobody",
    command: "node read.js", expect: /EACCES/,
  },
  {
    id: "gen-node-econnrefused-001", tool: "node", category: "network", retryable: true,
    why: "connection refused by the service the program calls",
    files: { "ping.mjs": "const res = await fetch('http://127.0.0.1:47999/health');\nconsole.log(res.status);\n" },
    command: "node ping.mjs", expect: /ECONNREFUSED/,
  },
  {
    id: "gen-node-econnreset-001", tool: "node", category: "network", retryable: true,
    why: "the server reset the connection mid-request",
    files: { "get.mjs": "const res = await fetch(process.env.LOOP + '/reset/api/builds');\nconsole.log(await res.text());\n" },
    command: "node get.mjs", expect: /other side closed|ECONNRESET|SocketError/,
  },
  {
    id: "gen-node-fetch-timeout-001", tool: "node", category: "timeout", retryable: true,
    why: "an operation exceeded its time limit (AbortSignal.timeout)",
    files: { "poll.mjs": "console.log('waiting for deployment status');\nconst res = await fetch(process.env.LOOP + '/hang/status', { signal: AbortSignal.timeout(1500) });\nconsole.log(res.status);\n" },
    command: "node poll.mjs", expect: /TimeoutError/,
  },
  {
    id: "gen-node-emfile-001", tool: "node", category: "system", retryable: false,
    why: "the process ran out of file descriptors (EMFILE) under a low ulimit; deterministic",
    files: { "open.js": "const fs = require('fs');\nconst fds = [];\nfor (let i = 0; i < 200; i++) fds.push(fs.openSync(__filename, 'r'));\n" },
    command: "ulimit -n 40; node open.js", expect: /EMFILE/,
  },
  {
    id: "gen-bun-test-assert-001", tool: "bun", category: "test", retryable: false,
    why: "bun test assertion failed (expected vs received)",
    files: { "price.test.ts": "import { expect, test } from 'bun:test';\nconst withTax = (n: number) => Math.round(n * 1.2);\ntest('adds 20% tax', () => {\n  expect(withTax(10)).toBe(12);\n  expect(withTax(15)).toBe(19);\n});\n" },
    command: `bun test price.test.ts`, expect: /Expected/, max: 30,
  },
  {
    id: "gen-bun-test-timeout-001", tool: "bun", category: "timeout", retryable: true,
    why: "a test exceeded its time limit; timeouts are retryable by default (no history says it always hangs)",
    files: { "sync.test.ts": "import { test } from 'bun:test';\ntest('syncs the cache', async () => {\n  await new Promise((r) => setTimeout(r, 2000));\n}, 300);\n" },
    command: `bun test sync.test.ts`, expect: /timed out/, max: 30,
  },
  {
    id: "gen-bun-test-equal-001", tool: "bun", category: "test", retryable: false,
    why: "toEqual assertion on an object failed",
    files: { "parse.test.ts": "import { expect, test } from 'bun:test';\nconst parse = (s: string) => Object.fromEntries(s.split('&').map((kv) => kv.split('=')));\ntest('parses query', () => {\n  expect(parse('a=1&b=2')).toEqual({ a: '1', b: '3' });\n});\n" },
    command: `bun test parse.test.ts`, expect: /toEqual/, max: 30,
  },
  {
    id: "gen-node-test-assert-001", tool: "node", category: "test", retryable: false,
    why: "node:test assertion failed (AssertionError)",
    files: { "sum.test.mjs": "import test from 'node:test';\nimport assert from 'node:assert/strict';\ntest('sums', () => {\n  assert.equal([1, 2, 3].reduce((a, b) => a + b), 7);\n});\n" },
    command: "node --test sum.test.mjs", expect: /AssertionError|not ok/, max: 40,
  },
];
