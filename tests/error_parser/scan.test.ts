// The fast paths of the line scan give the same answers as the plain ones: the literal automaton, the
// keyword prefilter and the pattern gate (by required literals) on real LogChunks lines, and the file reader's chunking
// (a line across the 1 MiB chunk boundary, a line longer than a chunk, CRLF and bare \r) on real files.

import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { cleanLine } from "../../scripts/error_parser/clean.ts";
import { ErrorClassifier } from "../../scripts/error_parser/classifier.ts";
import { PREFILTER, passesPrefilter } from "../../scripts/error_parser/prefilter.ts";
import { requiredLiteral } from "../../scripts/error_parser/gate.ts";
import { topLevelBranches } from "../../scripts/lib/regex-branches.ts";
import { LiteralSet } from "../../scripts/error_parser/literals.ts";
import { openLogStream, readLogLines } from "../../scripts/error_parser/reader.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { repoRoot, tempDir } from "../helpers/run.ts";

const work = tempDir("cfo-ep-scan-");
afterAll(work.cleanup);
const MiB = 1 << 20;

/** Raw lines of a spread of real Travis logs (every 20th of the corpus, in path order). */
function realLines(): string[] {
  const root = join(repoRoot, "../shared/corpora/logchunks/logs");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".log.gz")).sort();
  return files.filter((_, i) => i % 20 === 0).flatMap((f) => new TextDecoder().decode(gunzipSync(readFileSync(join(root, f)))).split("\n"));
}
const lines = realLines();

describe("literal automaton", () => {
  test("finds overlapping literals and reads non-ASCII text as UTF-8", () => {
    const set = new LiteralSet(["she", "he", "hers", "×", "❌", "she"]);
    const found = (text: string) => {
      const seen: number[] = [];
      set.some(text, (index) => (seen.push(index), false));
      return seen.sort();
    };
    expect(found("ushers")).toEqual([0, 1, 2, 5]);
    expect(found("a hers")).toEqual([1, 2]);
    expect(found("is it ere")).toEqual([]);
    expect(found("2 × 3")).toEqual([3]);
    expect(found("\u{1F600} ❌ x")).toEqual([4]);
    expect(found("\uD800she")).toEqual([0, 1, 5]);
    expect(found("é ü ÿ \u00D6 ₽")).toEqual([]);
    expect(set.some("she said", (index) => index === 1)).toBe(true);
    expect(set.some("she said", (index) => index === 2)).toBe(false);
  });

  test("a pattern branch's required literal leaves out what may be absent", () => {
    expect(requiredLiteral(String.raw`Could not resolve (?:[\w.-]+:){2}`)).toBe("Could not resolve ");
    expect(requiredLiteral(String.raw`\bexpected .* (?:but|got|to)\b`)).toBe("expected ");
    expect(requiredLiteral(String.raw`Time-?out of \d+ ?ms`)).toBe("out of ");
    expect(requiredLiteral(String.raw`ab{2,3}cd+`)).toBe("cd");
    expect(requiredLiteral(String.raw`\[ERROR\] x\.java`)).toBe("[ERROR] x.java");
    expect(requiredLiteral(String.raw`a\x41bc`)).toBe("");
    expect(requiredLiteral(String.raw`[]abc]`)).toBe("");
    expect(topLevelBranches(String.raw`a|(b|c)|[|]|\|d`)).toEqual(["a", "(b|c)", "[|]", String.raw`\|d`]);
  });

  test("the prefilter's fast path selects exactly the lines its regex selects", () => {
    const samples = [...lines, ...lines.map(cleanLine), "E  x", "E\u00a0\u00a0x", "char:1", "char:x", "[404]", "[40x]", "a 429 b", "a4290", "✗ x", "  12) x"];
    const differing = samples.filter((line) => passesPrefilter(line) !== PREFILTER.test(line));
    expect(differing).toEqual([]);
    expect(samples.filter(passesPrefilter).length).toBeGreaterThan(1000);
  });
});

describe("pattern gate", () => {
  test("classify returns the first shipped pattern that matches, on every prefiltered real line", async () => {
    const loaded = await loadConfig({ projectRoot: work.path, env: {} });
    const classifier = ErrorClassifier.fromConfig(loaded);
    const patterns = classifier.patterns;
    let matched = 0;
    const wrong: string[] = [];
    for (const line of new Set(lines.map(cleanLine))) {
      const text = line.slice(0, loaded.config.errors.maxLineBytes);
      const gated = PREFILTER.test(text) && patterns.some((p) => p.role !== "warning" && p.regex.test(text));
      const expected = gated ? patterns.find((p) => p.regex.test(text))?.id : undefined;
      const got = classifier.classify(line, 1)?.patternId;
      if (got !== expected) wrong.push(`${expected} != ${got}: ${line}`);
      if (got) matched++;
    }
    expect(wrong).toEqual([]);
    expect(matched).toBeGreaterThan(100);
  });
});

describe("file reader", () => {
  async function readFile(bytes: Uint8Array, maxLineChars = 4096): Promise<[number, string][]> {
    const path = join(work.path, "log.txt");
    writeFileSync(path, bytes);
    const seen: [number, string][] = [];
    const facts = await readLogLines(openLogStream(path), maxLineChars, (n, raw) => seen.push([n, raw]));
    expect(facts.lines).toBe(seen.length);
    expect(facts.bytes).toBe(bytes.byteLength);
    return seen;
  }

  test("a line across the chunk boundary, a character split by it, CRLF and bare \\r keep their numbers", async () => {
    const head = "x".repeat(MiB - 10);
    const text = `${head}\nwarn\r\nnpm ERR! code E404 €€€\n10%\r100%\r\nlast`;
    const seen = await readFile(Buffer.from(text));
    expect(seen.map(([n]) => n)).toEqual([1, 2, 3, 4, 5]);
    expect(seen[1]).toEqual([2, "warn\r"]);
    expect(seen[2]).toEqual([3, "npm ERR! code E404 €€€"]);
    expect(cleanLine(seen[3]![1])).toBe("100%");
    expect(seen[4]).toEqual([5, "last"]);
  });

  test("a line longer than a chunk keeps its head, and the lines after it their numbers", async () => {
    const long = `error: start ${"y".repeat(3 * MiB)}`;
    const seen = await readFile(Buffer.from(`first\n${long}\nerror: after the long line\n`), 100);
    expect(seen).toEqual([
      [1, "first"],
      [2, long.slice(0, 100)],
      [3, "error: after the long line"],
    ]);
  });

  test("the file reader and a decoded split agree on binary bytes across several chunks", async () => {
    const blob = new Uint8Array(3 * MiB + 12345).map((_, i) => (i * 131 + (i >> 7)) % 256);
    const seen = await readFile(blob, 512);
    const expected = new TextDecoder().decode(blob).split("\n").map((line) => line.slice(0, 512));
    if (expected.at(-1) === "") expected.pop();
    expect(seen.map(([, raw]) => raw)).toEqual(expected);
  });
});
