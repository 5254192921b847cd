// A large log through context_manager (the runner's path to a pack): its peak memory must stay close
// to error_parser's, which streams the same log, so a 1 GB log cannot exhaust the runner.

import { afterAll, expect, test } from "bun:test";
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeGitRepo, repoRoot, tempDir } from "../helpers/run.ts";
import { logChunksSample, peakRssOfScript } from "./big-log.ts";

const project = makeGitRepo({ "src/invoice.ts": "export function total(items: number[]): number {\n  return items.reduce((a, b) => a + b, 0);\n}\n" });
const work = tempDir("cfo-e2e-large-context-");
afterAll(() => {
  project.cleanup();
  work.cleanup();
});

test("context_manager --error-log on a 60 MB log peaks within 100 MB of error_parser on it", async () => {
  const chunk = Buffer.concat([logChunksSample(4 * 1024 * 1024), readFileSync(join(repoRoot, "examples/logs/type-error.log"))]);
  const log = join(work.path, "60mb.log");
  const out = createWriteStream(log);
  for (let written = 0; written < 60 * 1024 * 1024; written += chunk.length) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
  }
  await new Promise((resolve) => out.end(resolve));
  const env = { CFO_CACHE_DIR: join(work.path, "cache") };
  const parser = await peakRssOfScript("error_parser", ["--log", log, "--json", "--project-root", project.path], { CFO_CACHE_DIR: join(work.path, "cache-parser") });
  const context = await peakRssOfScript("context_manager", ["--error-log", log, "--json", "--project-root", project.path], env);
  for (const run of [parser, context]) expect(`exit ${run.exitCode}: ${run.stderr}`).toStartWith("exit 0:");
  const mb = (kb: number) => Math.round(kb / 1024);
  expect({ errorParserMb: mb(parser.peakRssKb), contextManagerMb: mb(context.peakRssKb), close: context.peakRssKb - parser.peakRssKb < 100 * 1024 }).toMatchObject({ close: true });
}, 30_000);
