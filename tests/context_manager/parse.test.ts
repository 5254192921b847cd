// Tree-sitter analysis: outlines keep signatures and types and elide bodies, imports resolve to
// repository files per language, and the token estimate stays above a real BPE count.

import { expect, test } from "bun:test";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildImportGraph } from "../../scripts/context_manager/graph.ts";
import { analyzeSource } from "../../scripts/context_manager/parse.ts";
import { estimateTokens } from "../../scripts/context_manager/tokens.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { repoRoot } from "../helpers/run.ts";

const sources: Record<string, { path: string; text: string; keeps: string[]; drops: string }> = {
  typescript: {
    path: "src/a.ts",
    text: 'import { b } from "./b.js";\n// why\nexport function add(x: number): number {\n  return x + SECRET_BODY;\n}\nexport class Cart {\n  items: number[] = [];\n  total(): number { return SECRET_BODY; }\n}\nexport interface Item { price: number }\nexport const handler = async (e: Event) => {\n  return SECRET_BODY;\n};\n',
    keeps: ["export function add(x: number): number { … }", "export class Cart {", "  total(): number { … }", "export interface Item { price: number }", "export const handler = async (e: Event) => { … }"],
    drops: "SECRET_BODY",
  },
  python: {
    path: "pkg/a.py",
    text: "from .b import helper\n\nclass Cart(Base):\n    def total(self) -> int:\n        return SECRET_BODY\n\ndef add(x: int) -> int:\n    return SECRET_BODY\n",
    keeps: ["class Cart(Base):", "  def total(self) -> int: …", "def add(x: int) -> int: …"],
    drops: "SECRET_BODY",
  },
  go: {
    path: "cmd/a.go",
    text: 'package main\n\nimport "example.com/shop/pkg/money"\n\ntype Cart struct { Items []int }\n\nfunc (c *Cart) Total() int {\n\treturn SECRET_BODY\n}\n',
    keeps: ["type Cart struct { Items []int }", "func (c *Cart) Total() int { … }"],
    drops: "SECRET_BODY",
  },
  rust: {
    path: "src/lib.rs",
    text: "mod money;\npub struct Cart { items: Vec<u32> }\nimpl Cart {\n    pub fn total(&self) -> u32 { SECRET_BODY }\n}\n",
    keeps: ["pub struct Cart { items: Vec<u32> }", "impl Cart {", "  pub fn total(&self) -> u32 { … }"],
    drops: "SECRET_BODY",
  },
  java: {
    path: "src/main/java/shop/Cart.java",
    text: "package shop;\nimport shop.money.Money;\npublic class Cart {\n  private int count;\n  public int total() { return SECRET_BODY; }\n}\n",
    keeps: ["public class Cart {", "  private int count;", "  public int total() { … }"],
    drops: "SECRET_BODY",
  },
};

for (const [language, source] of Object.entries(sources)) {
  test(`${language} outline keeps signatures and types, elides bodies`, async () => {
    const analysis = await analyzeSource(source.path, source.text);
    for (const line of source.keeps) expect(analysis.outline).toContain(line);
    expect(analysis.outline).not.toContain(source.drops);
  });
}

test("imports resolve to repository files for each language", async () => {
  const files: Record<string, string> = {
    "src/a.ts": sources.typescript!.text,
    "src/b.ts": "export const b = 1;\n",
    "pkg/a.py": sources.python!.text,
    "pkg/b.py": "def helper(): pass\n",
    "cmd/a.go": sources.go!.text,
    "pkg/money/money.go": "package money\n",
    "src/lib.rs": sources.rust!.text,
    "src/money.rs": "pub fn m() {}\n",
    // A Rust integration test uses the package's crate by name: a module path, or an item the root re-exports.
    "tests/money.rs": "use shop::money::m;\nuse shop::Cart;\n#[test]\nfn t() { m(); }\n",
    "src/main/java/shop/Cart.java": sources.java!.text,
    "src/main/java/shop/money/Money.java": "package shop.money;\npublic class Money {}\n",
  };
  const imports = new Map<string, string[]>();
  for (const [path, text] of Object.entries(files)) imports.set(path, (await analyzeSource(path, text)).imports);
  const graph = buildImportGraph(Object.keys(files), imports, { goModule: "example.com/shop", rustCrate: "shop" });
  expect([...graph.imports.get("src/a.ts")!]).toEqual(["src/b.ts"]);
  expect([...graph.imports.get("pkg/a.py")!]).toEqual(["pkg/b.py"]);
  expect([...graph.imports.get("cmd/a.go")!]).toEqual(["pkg/money/money.go"]);
  expect([...graph.imports.get("src/lib.rs")!]).toEqual(["src/money.rs"]);
  expect([...graph.imports.get("tests/money.rs")!].sort()).toEqual(["src/lib.rs", "src/money.rs"]);
  expect([...graph.imports.get("src/main/java/shop/Cart.java")!]).toEqual(["src/main/java/shop/money/Money.java"]);
  expect([...graph.importedBy.get("src/b.ts")!]).toEqual(["src/a.ts"]);
});

test("the offline estimate is at least the o200k count on the project's own sources", async () => {
  const settings = (await loadConfig({ projectRoot: repoRoot })).config.context.tokens;
  for (const file of ["scripts/context_manager/manager.ts", "scripts/lib/cli.ts", "config/context.yaml", "scripts/lib/config/load.ts"]) {
    const text = readFileSync(join(repoRoot, file), "utf8");
    expect(estimateTokens(text, settings)).toBeGreaterThanOrEqual(countTokens(text));
  }
});
