// Failing tests lead to the code they test: a test file links to its subject by its ecosystem's naming convention
// (a Go test of the same package imports nothing it tests; a Python test under tests/ imports the package, not the
// module), and a test the log names only by its function (Go's `--- FAIL: ExampleRound`) reaches `Round` and what
// its file imports; a Rust integration test reaches the crate it uses by its package name.

import { afterAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildImportGraph } from "../../scripts/context_manager/graph.ts";
import { makeGitRepo, runScript, tempDir } from "../helpers/run.ts";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

test("test files link to their subject beside them or, when unambiguous, elsewhere", () => {
  const paths = [
    "money/round.go", "money/round_test.go", "money/format.go",
    "src/shop/codec.py", "tests/test_codec.py", "tests/cart_test.py", "src/shop/cart.py", "src/other/cart.py",
    "src/sum.ts", "src/sum.test.ts", "test/total.spec.js", "lib/total.js",
    "src/main/java/shop/Cart.java", "src/test/java/shop/CartTest.java",
  ];
  const graph = buildImportGraph(paths, new Map(), { goModule: "example.com/shop", rustCrate: null });
  const subject = (path: string) => [...(graph.imports.get(path) ?? [])];
  expect(subject("money/round_test.go")).toEqual(["money/round.go"]);
  expect(subject("tests/test_codec.py")).toEqual(["src/shop/codec.py"]);
  // Two cart.py: the name alone does not say which one the test checks.
  expect(subject("tests/cart_test.py")).toEqual([]);
  expect(subject("src/sum.test.ts")).toEqual(["src/sum.ts"]);
  expect(subject("test/total.spec.js")).toEqual(["lib/total.js"]);
  expect(subject("src/test/java/shop/CartTest.java")).toEqual(["src/main/java/shop/Cart.java"]);
  expect([...graph.importedBy.get("money/round.go")!]).toEqual(["money/round_test.go"]);
  expect(graph.imports.get("money/format.go")).toBeUndefined();
});

/** context_manager --explain on a git repo of `files` and a failure log: each ranked file's explain block, by path. */
async function explainFailure(files: Record<string, string>, logText: string): Promise<Map<string, string>> {
  const repo = makeGitRepo(files);
  const work = tempDir("cfo-ctx-subjects-");
  cleanups.push(repo.cleanup, work.cleanup);
  const log = join(work.path, "failure.log");
  writeFileSync(log, logText);
  const run = await runScript("context_manager", ["--project-root", repo.path, "--error-log", log, "--explain", "--json"], { env: { CFO_CACHE_DIR: join(work.path, "cache") } });
  expect(run.exitCode).toBe(0);
  const blocks = new Map<string, string>();
  for (const block of run.stderr.split(/\n(?=\s+\d+\.\d+ {2})/)) {
    const path = /^\s+\d+\.\d+ {2}(\S+) \[/.exec(block)?.[1];
    if (path) blocks.set(path, block);
  }
  return blocks;
}

test("a failing Go test puts the file it tests into the ranking, though the log names only the test", async () => {
  const blocks = await explainFailure(
    {
      "go.mod": "module example.com/shop\n\ngo 1.19\n",
      "money/round.go": "package money\n\n// Round rounds cents to the nearest ten.\nfunc Round(cents int) int { return (cents + 5) / 10 * 10 }\n",
      "money/format.go": "package money\n\nimport \"fmt\"\n\n// Format shows cents as a price.\nfunc Format(cents int) string { return fmt.Sprintf(\"%d.%02d\", cents/100, cents%100) }\n",
      "money/round_test.go": "package money\n\nimport \"testing\"\n\nfunc TestRound(t *testing.T) {\n\tif got := Round(14); got != 10 {\n\t\tt.Errorf(\"Round(14) = %d\", got)\n\t}\n}\n",
    },
    "$ go test ./...\n--- FAIL: TestRound (0.00s)\n    round_test.go:7: Round(14) = 20\nFAIL\nFAIL\texample.com/shop/money\t0.003s\nFAIL\n",
  );
  expect(blocks.get("money/round.go")).toContain("imported by money/round_test.go (named by the failure)");
  expect(blocks.has("money/format.go")).toBe(false);
});

test("a test named only by its function reaches the code it is named after and what its file imports", async () => {
  // Example tests fail with no file or line: the function's name is all the log has.
  const blocks = await explainFailure(
    {
      "go.mod": "module example.com/shop\n\ngo 1.19\n",
      "money/round.go": "package money\n\n// Round rounds cents to the nearest ten.\nfunc Round(cents int) int { return (cents + 5) / 10 * 10 }\n",
      "money/format.go": "package money\n\nimport \"fmt\"\n\n// Format shows cents as a price.\nfunc Format(cents int) string { return fmt.Sprintf(\"%d.%02d\", cents/100, cents%100) }\n",
      "money/money_test.go": "package money_test\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/shop/money\"\n)\n\nfunc ExampleRound() {\n\tfmt.Println(money.Format(money.Round(14)))\n\t// Output: 0.10\n}\n",
      "cmd/shop/main.go": "package main\n\nfunc main() {}\n",
    },
    "$ go test ./...\n--- FAIL: ExampleRound (0.00s)\ngot:\n0.20\nwant:\n0.10\nFAIL\nFAIL\texample.com/shop/money\t0.003s\nFAIL\n",
  );
  expect(blocks.get("money/money_test.go")).toContain("declares `ExampleRound` named by the failure");
  expect(blocks.get("money/round.go")).toContain("declares `Round` named by the failure");
  expect(blocks.get("money/format.go")).toContain("imported by money/money_test.go (declares the failing test)");
  expect(blocks.has("cmd/shop/main.go")).toBe(false);
});

test("a Rust integration test reaches the crate's modules through the package name in Cargo.toml", async () => {
  const blocks = await explainFailure(
    {
      "Cargo.toml": '[package]\nname = "shop-core"\nversion = "0.1.0"\ncategories = [\n  "finance",\n]\n',
      "src/lib.rs": "pub mod money;\npub mod tax;\n",
      "src/money.rs": "pub fn round(cents: u64) -> u64 { (cents + 5) / 10 * 10 }\n",
      "src/tax.rs": "pub fn vat(cents: u64) -> u64 { cents / 5 }\n",
      "tests/round.rs": "use shop_core::money::round;\n\n#[test]\nfn rounds_down() {\n    assert_eq!(round(14), 10);\n}\n",
    },
    "$ cargo test\n---- rounds_down stdout ----\nthread 'rounds_down' panicked at 'assertion failed: `(left == right)`\n  left: `20`,\n right: `10`', tests/round.rs:5:5\n\nfailures:\n    rounds_down\n\ntest result: FAILED. 0 passed; 1 failed\n",
  );
  expect(blocks.get("src/money.rs")).toContain("imported by tests/round.rs (named by the failure)");
  expect(blocks.get("src/tax.rs") ?? "").not.toContain("imported by tests/round.rs");
});
