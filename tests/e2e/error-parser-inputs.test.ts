// error_parser on hostile and awkward inputs, as real subprocesses: binary blobs, invalid UTF-8,
// a 200 MB log (completes, peak memory flat), an empty log, a directory, a missing file, stdin.

import { afterAll, describe, expect, test } from "bun:test";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, runScript, tempDir } from "../helpers/run.ts";
import { logChunksSample, peakRssOfScript } from "./big-log.ts";

interface Analysis {
  summary: { category: string; errorCount: number; primaryError: number | null };
  errors: { file: string | null; line: number | null; logLines: [number, number]; message: string }[];
  log: { bytes: number; lines: number };
}

const work = tempDir("cfo-e2e-inputs-");
afterAll(() => work.cleanup());
const env = { CFO_CACHE_DIR: join(work.path, "cache") };
const typeErrorLog = readFileSync(join(repoRoot, "examples/logs/type-error.log"));
const tscLine = "src/invoice.ts(59,46): error TS2345";

/** 1-based line of the first occurrence of `needle` in raw bytes, counting \n as the runner does. */
function lineOf(bytes: Uint8Array, needle: string): number {
  const at = Buffer.from(bytes).indexOf(needle);
  let lines = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) lines += 1;
  return lines;
}

async function analyze(log: Uint8Array | string, name: string): Promise<Analysis> {
  const path = join(work.path, name);
  writeFileSync(path, log);
  const run = await runScript("error_parser", ["--log", path, "--json"], { env });
  expect(`exit ${run.exitCode}: ${run.stderr}`).toStartWith("exit 0:");
  return JSON.parse(run.stdout) as Analysis;
}

describe("hostile bytes", () => {
  test("a binary blob with NULs in the middle: the error after it is found at its true line", async () => {
    const blob = new Uint8Array(256 * 1024);
    crypto.getRandomValues(blob.subarray(0, 128 * 1024));
    blob.fill(0, 128 * 1024, 160 * 1024);
    crypto.getRandomValues(blob.subarray(160 * 1024));
    const log = Buffer.concat([Buffer.from("##[group]Run tsc\n"), blob, Buffer.from("\n"), typeErrorLog]);
    const analysis = await analyze(log, "blob.log");
    expect(analysis.log.bytes).toBe(log.length);
    const error = analysis.errors.find((e) => e.message.includes("TS2345"));
    expect(error?.file).toBe("src/invoice.ts");
    expect(error?.logLines[0]).toBe(lineOf(log, tscLine));
  });

  test("invalid UTF-8 (lone continuation bytes, overlong and surrogate encodings) around the error", async () => {
    const bad = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0x0a]);
    const log = Buffer.concat([bad, bad, typeErrorLog, bad]);
    const analysis = await analyze(log, "invalid-utf8.log");
    const error = analysis.errors.find((e) => e.message.includes("TS2345"));
    expect(error?.line).toBe(59);
    expect(error?.logLines[0]).toBe(lineOf(log, tscLine));
    expect(analysis.summary.primaryError).not.toBeNull();
  });

  test("a very long line (8 MB, no newline) before the error does not hide it", async () => {
    const log = Buffer.concat([Buffer.from("x".repeat(8 * 1024 * 1024)), Buffer.from("\n"), typeErrorLog]);
    const analysis = await analyze(log, "long-line.log");
    expect(analysis.errors.find((e) => e.message.includes("TS2345"))?.logLines[0]).toBe(2 + lineOf(typeErrorLog, tscLine) - 1);
  });
});

describe("edge inputs", () => {
  test("an empty log: no errors, exit 0", async () => {
    const analysis = await analyze("", "empty.log");
    expect(analysis.summary.errorCount).toBe(0);
    expect(analysis.log).toMatchObject({ bytes: 0, lines: 0 });
  });

  test("a directory as --log: exit 2, one line naming it", async () => {
    const dir = join(work.path, "a-directory");
    mkdirSync(dir);
    const run = await runScript("error_parser", ["--log", dir], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(dir);
    expect(run.stdout).toBe("");
  });

  test("a missing file: exit 2, one line naming it, no stack trace", async () => {
    const missing = join(work.path, "no-such.log");
    const run = await runScript("error_parser", ["--log", missing], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(missing);
    expect(run.stderr).not.toContain("    at ");
    expect(existsSync(missing)).toBe(false);
  });

  test("stdin `-` gives the same errors as the file", async () => {
    const fromFile = await analyze(typeErrorLog, "type-error.log");
    const run = await runScript("error_parser", ["--log", "-", "--json"], { env, stdin: typeErrorLog });
    expect(`exit ${run.exitCode}: ${run.stderr}`).toStartWith("exit 0:");
    const fromStdin = JSON.parse(run.stdout) as Analysis;
    expect(fromStdin.errors.map((e) => [e.file, e.line, e.logLines])).toEqual(fromFile.errors.map((e) => [e.file, e.line, e.logLines]));
    expect(fromStdin.log.bytes).toBe(typeErrorLog.length);
  });
});

describe("a 200 MB log", () => {
  test("completes, and peak memory stays flat against a 20 MB log", async () => {
    const sample = Buffer.concat([logChunksSample(6 * 1024 * 1024), typeErrorLog]);
    const small = join(work.path, "20mb.log");
    const large = join(work.path, "200mb.log");
    await writeRepeated(small, sample, 20 * 1024 * 1024);
    await writeRepeated(large, sample, 200 * 1024 * 1024);
    const smallRun = await peakRssOfScript("error_parser", ["--log", small, "--json"], env);
    const largeRun = await peakRssOfScript("error_parser", ["--log", large, "--json"], env);
    for (const run of [smallRun, largeRun]) expect(`exit ${run.exitCode}: ${run.stderr}`).toStartWith("exit 0:");
    const analysis = JSON.parse(largeRun.stdout) as Analysis;
    expect(analysis.log.bytes).toBeGreaterThanOrEqual(200 * 1024 * 1024);
    expect(analysis.errors.length).toBeGreaterThan(0);
    // The log grew by 180 MB; a streaming parser's peak grows by far less than that.
    const growthMb = (largeRun.peakRssKb - smallRun.peakRssKb) / 1024;
    expect({ smallMb: Math.round(smallRun.peakRssKb / 1024), largeMb: Math.round(largeRun.peakRssKb / 1024), flat: growthMb < 90 }).toMatchObject({ flat: true });
  }, 45_000);
});

async function writeRepeated(path: string, chunk: Uint8Array, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; written += chunk.length) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}
