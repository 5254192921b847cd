// The byte scanner hands the extractor only some lines: those lines keep their exact numbers and text, no line
// the extractor needs is left out, and the extraction equals the one of every line pushed one by one, on real
// LogChunks logs and on awkward bytes (CRLF, bare \r, a BOM, invalid UTF-8, long lines, keywords split across
// read chunks and buffer moves).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { ErrorClassifier } from "../../scripts/error_parser/classifier.ts";
import { passesPrefilter, PREFILTER_LINE_START } from "../../scripts/error_parser/prefilter.ts";
import { ErrorExtractor, type Extraction } from "../../scripts/error_parser/extract.ts";
import { mayStartWithShape } from "../../scripts/error_parser/line_start.ts";
import { readLogLines } from "../../scripts/error_parser/reader.ts";
import { LogScanner } from "../../scripts/error_parser/scanner.ts";
import { loadConfig, type LoadedConfig } from "../../scripts/lib/config/load.ts";
import { repoRoot, tempDir, writeFiles } from "../helpers/run.ts";

const project = tempDir("cfo-ep-scanner-");
const withPatterns = tempDir("cfo-ep-scanner-patterns-");
afterAll(() => (project.cleanup(), withPatterns.cleanup()));
let loaded: LoadedConfig;
/** A project pattern with a required literal (its words join the scanner's triggers). */
let projectLoaded: LoadedConfig;
const PROJECT_PATTERN = "^deploy step [\\w-]+ (?:went|ran) sideways: ";
beforeAll(async () => {
  loaded = await loadConfig({ projectRoot: project.path, env: {} });
  const pattern = (id: string, source: string) => `    - id: ${id}\n      category: configuration\n      pattern: ${JSON.stringify(source)}\n`;
  writeFiles(withPatterns.path, { "cfo.config.yaml": `errors:\n  patterns:\n${pattern("proj.deploy", PROJECT_PATTERN)}` });
  projectLoaded = await loadConfig({ projectRoot: withPatterns.path, env: {} });
});

/** Streams `bytes` in chunks of `size` bytes (cutting characters and keywords anywhere). */
function chunked(bytes: Uint8Array, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(Buffer.from(bytes.subarray(at, at + size)));
  return Readable.from(chunks);
}

async function everyLine(bytes: Uint8Array): Promise<[number, string][]> {
  const seen: [number, string][] = [];
  await readLogLines(chunked(bytes, 4093), 4096, (n, raw) => seen.push([n, raw]));
  return seen;
}

/** The extraction of the scanner handing over only the lines it must, and of every line pushed in turn. */
async function bothWays(bytes: Uint8Array, chunkSize: number, config = loaded): Promise<{ scanned: Extraction; pushed: Extraction; given: number; lines: number }> {
  const settings = config.config.errors;
  const scanner = new LogScanner(settings.maxLineBytes);
  const extractor = new ErrorExtractor(ErrorClassifier.fromConfig(config), settings, scanner.recent);
  let given = 0;
  const facts = await scanner.scan(chunked(bytes, chunkSize), {
    push: (n, raw, found) => (given++, extractor.push(n, raw, found)),
    get needsEveryLine() {
      return extractor.needsEveryLine;
    },
    mark: (n, found) => (given++, extractor.mark(n, found)),
    markGroups: extractor.markGroups,
    triggers: extractor.triggers,
    foldCase: extractor.foldCase,
  });
  const plain = new ErrorExtractor(ErrorClassifier.fromConfig(config), settings);
  await readLogLines(chunked(bytes, 65536), settings.maxLineBytes, (n, raw) => plain.push(n, raw));
  return { scanned: extractor.finish(facts.lines), pushed: plain.finish(), given, lines: facts.lines };
}

const realLogs = (() => {
  const root = join(repoRoot, "../shared/corpora/logchunks/logs");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".log.gz")).sort();
  return files.filter((_, i) => i % 40 === 0).map((f) => gunzipSync(readFileSync(join(root, f))));
})();

/** A log with every awkward shape, around real failure output. */
function awkward(): Uint8Array {
  const parts: (string | number[])[] = [[0xef, 0xbb, 0xbf], "first\r\n", "progress 10%\r   3) failing test\r\n", "E\u00a0\u00a0assert x\n"];
  parts.push("x".repeat(3 << 20), " error: at the end of a long line\n", [0xff, 0xc3, 0x28], " invalid then Traceback (most recent call last):\n");
  parts.push('  File "a.py", line 3, in <module>\n', "ValueError: bad\n", "2024-01-01T00:00:00.0000000Z ___ test_x ___\n", "\x1b[31mer\x1b[0mror: spliced\n");
  for (let i = 0; i < 30000; i++) parts.push(i % 997 === 0 ? `npm ERR! code E${i}\n` : `line ${i} ok\n`);
  parts.push("FAILED tests/test_a.py::test_x - AssertionError\nlast line without newline");
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));
}

describe("hand-over", () => {
  test("the lines given keep their numbers and text, and every line the prefilter or a marker needs is given", async () => {
    const bytes = awkward();
    const all = await everyLine(bytes);
    const { given, lines } = await bothWays(bytes, 4093);
    expect(lines).toBe(all.length);
    const settings = loaded.config.errors;
    const extractor = new ErrorExtractor(ErrorClassifier.fromConfig(loaded), settings);
    const seen = new Map<number, string>();
    await new LogScanner(settings.maxLineBytes).scan(chunked(bytes, 1000), { push: (n, raw) => seen.set(n, raw), needsEveryLine: false, triggers: extractor.triggers, foldCase: false, mark: () => {}, markGroups: 0 });
    for (const [n, raw] of seen) expect(raw).toBe(all[n - 1]![1]);
    const probe = (raw: string) => (/^\d{4}-\d\d-\d\dT[\d:.]+Z /.test(raw) ? raw.slice(raw.indexOf(" ") + 1) : raw);
    const needed = all.filter(([, raw]) => passesPrefilter(probe(raw)) || /\(pass\)|✓|PASSED| ok |\$ /.test(raw)).map(([n]) => n);
    expect(needed.filter((n) => !seen.has(n))).toEqual([]);
    expect(seen.size).toBeLessThan(all.length / 4);
    expect(given).toBeLessThan(all.length / 2);
  });

  test("the extraction equals the one of every line, on awkward bytes in any chunking", async () => {
    for (const size of [1, 4093, 1 << 20]) {
      const bytes = size === 1 ? awkward().subarray(0, 300) : awkward();
      const { scanned, pushed } = await bothWays(bytes, size);
      expect(scanned).toEqual(pushed);
    }
  });

  test("a marker past the head of a long line is not taken for one in its text, inside an error block or not", async () => {
    const head = loaded.config.errors.maxLineBytes;
    const long = (mark: string) => `${"x".repeat(head + 10)}${mark}\n`;
    const bytes = Buffer.from(`Error: boom\n${long(" PASSED")}${long(" error: late")}quiet\n${long("(pass) a")}$ npm test\n${long("$ npm x")}`);
    const { scanned, pushed } = await bothWays(bytes, 4096);
    expect(scanned).toEqual(pushed);
    expect(pushed.successes).toEqual([]);
    expect(pushed.commands).toEqual([6]);
  });

  test("the extraction equals the one of every line, on real logs (CRLF and GitHub timestamps too)", async () => {
    let errors = 0;
    for (const [i, log] of realLogs.entries()) {
      const text = log.toString("latin1");
      const variant = i % 3 === 0 ? text : i % 3 === 1 ? text.replaceAll("\n", "\r\n") : text.replace(/^/gm, "2024-05-01T10:00:00.1234567Z ");
      const { scanned, pushed } = await bothWays(Buffer.from(variant, "latin1"), 65536);
      expect(scanned).toEqual(pushed);
      errors += scanned.errors.length;
    }
    expect(errors).toBeGreaterThan(50);
  });
});

describe("worker thread", () => {
  /** Every call the scanner makes to its sink, with what it found. */
  async function calls(log: string | Readable, worker: boolean | undefined): Promise<{ calls: string[]; facts: object }> {
    const settings = loaded.config.errors;
    const scanner = new LogScanner(settings.maxLineBytes);
    const extractor = new ErrorExtractor(ErrorClassifier.fromConfig(loaded), settings, scanner.recent);
    const seen: string[] = [];
    const facts = await scanner.scan(log, {
      push: (n, raw, found) => (seen.push(`${n} ${found} ${raw}`), extractor.push(n, raw, found)),
      get needsEveryLine() {
        return extractor.needsEveryLine;
      },
      mark: (n, found) => (seen.push(`${n} ${found} marked`), extractor.mark(n, found)),
      markGroups: extractor.markGroups,
      triggers: extractor.triggers,
      foldCase: false,
    }, worker === undefined ? {} : { worker });
    seen.push(JSON.stringify(extractor.finish(facts.lines)));
    return { calls: seen, facts };
  }

  test("a file scanned in a worker gives the same lines, bits, lines before and facts as in this thread and as a stream", async () => {
    const dir = tempDir("cfo-ep-worker-");
    try {
      // Lines across the worker's 1 MB chunks, a 3 MB line, a BOM, no final newline, a log shorter than a BOM.
      const logs = [awkward(), Buffer.concat([Buffer.from("x".repeat((1 << 20) - 5)), Buffer.from("\nError: at a chunk's edge\nafter\n")]), Buffer.from([0xef, 0xbb]), Buffer.alloc(0)];
      for (const [i, bytes] of logs.entries()) {
        const path = join(dir.path, `${i}.log`);
        writeFileSync(path, bytes);
        const inThread = await calls(path, false);
        expect(await calls(path, true)).toEqual(inThread);
        expect(await calls(chunked(bytes, 4093), undefined)).toEqual(inThread);
        expect(inThread.facts).toMatchObject({ bytes: bytes.length, sha256: new Bun.CryptoHasher("sha256").update(bytes).digest("hex") });
      }
    } finally {
      dir.cleanup();
    }
  });

  test("a file that cannot be read fails the scan, worker or not", async () => {
    for (const worker of [true, false]) {
      await expect(calls("/nonexistent/x.log", worker)).rejects.toThrow("ENOENT");
      await expect(calls("/proc/self", worker)).rejects.toThrow("EISDIR");
    }
  });

  test("a sink that throws fails the scan (and stops the worker)", async () => {
    const dir = tempDir("cfo-ep-worker-");
    try {
      const path = join(dir.path, "x.log");
      writeFileSync(path, "Error: one\n".repeat(300_000));
      const sink = { push: () => { throw new Error("sink gave up"); }, mark: () => {}, markGroups: 0, needsEveryLine: true, triggers: undefined, foldCase: false };
      await expect(new LogScanner(4096).scan(path, sink, { worker: true })).rejects.toThrow("sink gave up");
    } finally {
      dir.cleanup();
    }
  });
});

describe("prefilter keywords", () => {
  test("Perl's TAP harness line `Dubious, test returned 1` is given and passes the prefilter (tap.prove needs it)", async () => {
    const line = "t/basic.t ........ Dubious, test returned 1 (wstat 256, 0x100)";
    expect(passesPrefilter(line)).toBe(true);
    const settings = loaded.config.errors;
    const seen: number[] = [];
    const triggers = new ErrorExtractor(ErrorClassifier.fromConfig(loaded), settings).triggers;
    await new LogScanner(settings.maxLineBytes).scan(chunked(Buffer.from(`t/a.t ........ ok\n${line}\n`), 7), { push: (n) => seen.push(n), needsEveryLine: false, triggers, foldCase: false, mark: () => {}, markGroups: 0 });
    expect(seen).toEqual([2]);
  });
});

describe("project patterns", () => {
  test("a pattern's required literal joins the triggers: few lines given, the extraction equals the one of every line", async () => {
    const log = (color: boolean) => {
      const lines = Array.from({ length: 20000 }, (_, i) => (color ? `\x1b[32mline ${i} ok\x1b[0m` : `line ${i} ok`));
      lines[12345] = "Deploy step web-1 went sideways: wrong case, no match";
      lines[15000] = "deploy step web-2 went sideways: disk full";
      return Buffer.from(`${lines.join("\n")}\n`);
    };
    for (const color of [false, true]) {
      const { scanned, pushed, given, lines } = await bothWays(log(color), 4093, projectLoaded);
      expect(scanned).toEqual(pushed);
      expect(scanned.errors.map((error) => [error.first, error.match.patternId])).toEqual([[15001, "proj.deploy"]]);
      // ANSI colours on every line no longer make every line worth giving.
      expect(given).toBeLessThan(lines / 100);
    }
    const { scanned, pushed } = await bothWays(awkward(), 4093, projectLoaded);
    expect(scanned).toEqual(pushed);
  });

  test("only a pattern without literal text (or with the u flag) makes every line be given", () => {
    const settings = projectLoaded.config.errors;
    const literals = new ErrorExtractor(ErrorClassifier.fromConfig(projectLoaded), settings);
    expect(literals.triggers?.flat()).toContain("deploy s");
    expect(literals.needsEveryLine).toBe(false);
    const isShipped = (id: string) => !id.startsWith("proj.");
    const extractor = (pattern: string, flags: string) =>
      new ErrorExtractor(new ErrorClassifier([...settings.patterns, { id: "proj.x", category: "configuration", pattern, flags }], { maxLineChars: 4096, isShipped }), settings);
    for (const [pattern, flags] of [[String.raw`^\w+: .*`, ""], ["(?:deploy|ship) x", ""], ["sideways", "u"], ["été", "i"]] as const) {
      expect([pattern, extractor(pattern, flags).needsEveryLine]).toEqual([pattern, true]);
    }
    expect(extractor("went sideways", "i").needsEveryLine).toBe(false);
  });

  test("a pattern with the i flag is found in any case", async () => {
    const settings = projectLoaded.config.errors;
    const classifier = new ErrorClassifier([...settings.patterns, { id: "proj.x", category: "configuration", pattern: "^went sideways: ", flags: "i" }], {
      maxLineChars: 4096,
      isShipped: (id) => id !== "proj.x",
    });
    const scanner = new LogScanner(settings.maxLineBytes);
    const extractor = new ErrorExtractor(classifier, settings, scanner.recent);
    const log = `${"quiet line\n".repeat(5000)}WENT Sideways: all of it\n${"quiet line\n".repeat(5000)}`;
    await scanner.scan(chunked(Buffer.from(log), 4093), extractor);
    expect(extractor.finish().errors.map((error) => [error.first, error.match.patternId])).toEqual([[5001, "proj.x"]]);
  });
});

describe("line-start shapes on bytes", () => {
  test("every probe the prefilter's line-start regex matches is flagged, for every JavaScript \\s character", () => {
    const spaces = [...Array(0x10000).keys()].map((code) => String.fromCharCode(code)).filter((char) => /\s/.test(char) && char !== "\n");
    const samples = ["E  x", "___ t ___", "---- a stdout ----", "** (Mix) x", "rspec ./a_spec.rb:3", "  12) x", "E x", "__ x", "12) x", "rspec x"];
    for (const space of spaces) samples.push(`E${space}${space}x`, `${space}7) y`, `${space}${space}x`, `2024-01-01T00:00:00Z ${space}3) z`);
    for (const line of [...samples, ...realLogs.flatMap((log) => log.toString("utf8").split("\n"))]) {
      const bytes = Buffer.from(line);
      const probe = /^\d{4}-\d\d-\d\dT[\d:.]+Z /.test(line) ? line.slice(line.indexOf(" ") + 1) : line;
      if (PREFILTER_LINE_START.test(probe)) expect([line, mayStartWithShape(bytes, 0, bytes.length)]).toEqual([line, true]);
      else if (/^[\w ]*$/.test(line) && !/^\d{4}-/.test(line)) expect([line, mayStartWithShape(bytes, 0, bytes.length)]).toEqual([line, false]);
    }
  });
});
