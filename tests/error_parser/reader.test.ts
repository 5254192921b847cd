// The log reader and line cleaning on the awkward bytes real CI logs hold: CRLF, bare \r progress,
// ANSI colours, GitHub timestamps and markers, Travis folds, invalid UTF-8, NULs and very long lines.

import { describe, expect, test } from "bun:test";
import { Readable } from "node:stream";
import { cleanLine } from "../../scripts/error_parser/clean.ts";
import { readLogLines } from "../../scripts/error_parser/reader.ts";

async function lines(chunks: (string | Uint8Array)[], maxLineChars = 4096): Promise<{ lines: [number, string][]; total: number; bytes: number }> {
  const seen: [number, string][] = [];
  const facts = await readLogLines(Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : Buffer.from(c)))), maxLineChars, (n, raw) => seen.push([n, raw]));
  return { lines: seen, total: facts.lines, bytes: facts.bytes };
}

describe("line counting", () => {
  test("\\r\\n counts once, a bare \\r does not end a line, a last line without \\n counts", async () => {
    const { lines: seen, total } = await lines(["one\r\ntwo 10%\rtwo 100%\r\nthree\nfour"]);
    expect(total).toBe(4);
    expect(seen.map(([n, raw]) => [n, cleanLine(raw)])).toEqual([[1, "one"], [2, "two 100%"], [3, "three"], [4, "four"]]);
  });

  test("a line split across chunks, and a multi-byte character split across chunks", async () => {
    const euro = Buffer.from("€");
    const { lines: seen } = await lines(["err", "or: a", Buffer.concat([Buffer.from("\nprice "), euro.subarray(0, 1)]), euro.subarray(1), "\n"]);
    expect(seen).toEqual([[1, "error: a"], [2, "price €"]]);
  });

  test("a line longer than the cap keeps its head and the count stays right", async () => {
    const { lines: seen, total } = await lines(["x".repeat(5000), "y".repeat(5000), "\nnext\n"], 100);
    expect(total).toBe(2);
    expect(seen[0]![1]).toBe("x".repeat(100));
    expect(seen[1]).toEqual([2, "next"]);
  });

  test("invalid UTF-8 and a binary blob with NULs neither crash nor shift the line numbers", async () => {
    const blob = new Uint8Array(4096).map((_, i) => (i * 37) % 256);
    const chunks = [Buffer.from("before\n"), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]), blob, Buffer.from("\nerror: after the blob\n")];
    const { lines: seen, total, bytes } = await lines(chunks);
    const after = seen.find(([, raw]) => raw.includes("after the blob"))!;
    const newlinesInBlob = blob.filter((b) => b === 0x0a).length;
    expect(after[0]).toBe(4 + newlinesInBlob);
    expect(total).toBe(after[0]);
    expect(bytes).toBe(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
    expect(cleanLine(seen[1]![1])).toBe("\uFFFD\uFFFDA");
  });
});

describe("cleaning", () => {
  test("GitHub timestamps and workflow markers go, the message stays", () => {
    expect(cleanLine("2024-01-01T00:00:00.0000000Z ##[error]Process completed with exit code 1.")).toBe("Process completed with exit code 1.");
    expect(cleanLine("2024-01-01T00:00:00.0000000Z ##[group]Run npm test")).toBe("Run npm test");
  });

  test("ANSI colours and Travis fold markers go", () => {
    expect(cleanLine("\x1b[31;1merror\x1b[0m: boom")).toBe("error: boom");
    expect(cleanLine("travis_fold:end:install\r\x1b[0K$ npm test")).toBe("$ npm test");
    expect(cleanLine("travis_time:end:0a1b:start=1,finish=2,duration=1\r\x1b[0Ktravis_fold:start:script")).toBe("");
  });
});
