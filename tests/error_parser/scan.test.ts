// The fast paths of the line scan give the same answers as the plain ones: the literal automaton, the
// keyword prefilter and the split pattern gate on real LogChunks lines, and the file reader's chunking
// (a line across the 1 MiB chunk boundary, a line longer than a chunk, CRLF and bare \r) on real files.

import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { cleanLine } from "../../scripts/error_parser/clean.ts";
import { ErrorClassifier, PREFILTER, passesPrefilter } from "../../scripts/error_parser/classifier.ts";
import { Found, LiteralSet } from "../../scripts/error_parser/literals.ts";
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
  test("finds overlapping literals, tells words from hints, and reads non-ASCII text as UTF-8", () => {
    const set = new LiteralSet(["she", "hers", "×", "❌"], ["[40"]);
    expect(set.search("ushers")).toBe(Found.Word);
    expect(set.search("a hers")).toBe(Found.Word);
    expect(set.search("he is here")).toBe(Found.None);
    expect(set.search("HTTP [404]")).toBe(Found.Hint);
    expect(set.search("[404] then she")).toBe(Found.Word);
    expect(set.search("2 × 3")).toBe(Found.Word);
    expect(set.search("\u{1F600} ❌ x")).toBe(Found.Word);
    expect(set.search("\uD800she")).toBe(Found.Word);
    expect(set.search("é ü ÿ \u00D6")).toBe(Found.None);
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
