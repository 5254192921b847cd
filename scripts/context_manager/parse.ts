// Real parsing with web-tree-sitter: a file's import specifiers, its outline (signatures, exports,
// types; bodies elided), the names it declares, and which lines are comments only.

import { Language, Parser, type Node } from "web-tree-sitter";
import { languageOf, type LanguageSpec } from "./languages.ts";

export interface SourceAnalysis {
  /** Import specifiers as written (`./util`, `os.path`, `crate::a::b`, `mod:name`). */
  imports: string[];
  /** Null when the language has no grammar here. */
  outline: string | null;
  /** Names of declared functions, classes, types and methods. */
  symbols: string[];
  /** 1-based inclusive ranges of lines that hold nothing but comments. */
  commentLines: [number, number][];
}

/** Longest kept node shown in full in an outline; longer ones show their first line. */
const KEPT_MAX_LINES = 12;

let parserReady: Promise<void> | undefined;
const parsers = new Map<string, Promise<Parser>>();

/** One parser per language for the process: creating them is the slow part. */
function parserFor(spec: LanguageSpec): Promise<Parser> {
  let parser = parsers.get(spec.id);
  if (!parser) {
    parserReady ??= Parser.init();
    parser = parserReady.then(async () => {
      const created = new Parser();
      created.setLanguage(await Language.load(spec.wasm));
      return created;
    });
    parsers.set(spec.id, parser);
  }
  return parser;
}

export function canParse(path: string): boolean {
  return languageOf(path) !== undefined;
}

export async function analyzeSource(path: string, content: string): Promise<SourceAnalysis> {
  const spec = languageOf(path);
  if (!spec) return { imports: [], outline: null, symbols: [], commentLines: [] };
  const parser = await parserFor(spec);
  const tree = parser.parse(content);
  try {
    if (!tree) return { imports: [], outline: null, symbols: [], commentLines: [] };
    const root = tree.rootNode;
    const symbols: string[] = [];
    const outline = outlineLines(root.namedChildren, spec, content, "", symbols).join("\n");
    return { imports: importsOf(root, spec.id), outline, symbols: [...new Set(symbols)], commentLines: commentOnlyLines(root, spec, content) };
  } finally {
    tree?.delete();
  }
}

function outlineLines(nodes: Node[], spec: LanguageSpec, content: string, indent: string, symbols: string[], prefix = ""): string[] {
  const lines: string[] = [];
  for (const node of nodes) {
    const name = node.childForFieldName("name")?.text;
    if (spec.wrappers.has(node.type)) {
      const inner = node.childForFieldName("declaration") ?? node.childForFieldName("definition");
      if (inner) lines.push(...outlineLines([inner], spec, content, indent, symbols, prefix + content.slice(node.startIndex, inner.startIndex)));
      else lines.push(...shown(node.text, indent));
      continue;
    }
    const body = node.childForFieldName("body");
    if (spec.containers.has(node.type) && body) {
      if (name) symbols.push(name);
      lines.push(`${indent}${prefix}${header(content, node, body)}${spec.elision === " …" ? "" : " {"}`);
      lines.push(...outlineLines(body.namedChildren, spec, content, `${indent}  `, symbols));
      if (spec.elision !== " …") lines.push(`${indent}}`);
    } else if (spec.callables.has(node.type)) {
      if (name) symbols.push(name);
      lines.push(`${indent}${prefix}${body ? header(content, node, body) + spec.elision : node.text}`);
    } else if (spec.kept.has(node.type)) {
      if (name && !node.type.includes("import")) symbols.push(name);
      const fn = functionValue(node);
      if (fn) {
        const declared = fn.declarator.childForFieldName("name")?.text;
        if (declared) symbols.push(declared);
        lines.push(`${indent}${prefix}${header(content, node, fn.body)}${spec.elision}`);
      } else lines.push(...shown(prefix + node.text, indent));
    }
  }
  return lines;
}

/** `const f = (a) => { ... }`: a variable holding a function is outlined like a function. */
function functionValue(node: Node): { declarator: Node; body: Node } | undefined {
  const declarator = node.namedChildren.find((child) => child.type === "variable_declarator");
  const value = declarator?.childForFieldName("value");
  const body = value && /function|arrow_function/.test(value.type) ? value.childForFieldName("body") : null;
  return declarator && body && body.type === "statement_block" ? { declarator, body } : undefined;
}

/** The declaration up to its body: `export function f(a: A): B`, `class C extends D`, `def f(x):`. */
function header(content: string, node: Node, body: Node): string {
  return content.slice(node.startIndex, body.startIndex).replace(/\s+/g, " ").trim().replace(/\{$/, "").trimEnd();
}

function shown(text: string, indent: string): string[] {
  const lines = text.split("\n");
  if (lines.length <= KEPT_MAX_LINES) return lines.map((line, i) => (i === 0 ? indent + line : line));
  return [`${indent}${lines[0]} …`];
}

function importsOf(root: Node, language: string): string[] {
  const found: string[] = [];
  const unquote = (text: string) => text.replace(/^["'`]|["'`]$/g, "");
  if (language === "typescript" || language === "tsx" || language === "javascript") {
    for (const node of root.descendantsOfType(["import_statement", "export_statement"])) {
      const source = node.childForFieldName("source");
      if (source) found.push(unquote(source.text));
    }
    for (const call of root.descendantsOfType("call_expression")) {
      const callee = call.childForFieldName("function")?.text;
      const first = call.childForFieldName("arguments")?.namedChildren[0];
      if ((callee === "require" || callee === "import") && first?.type === "string") found.push(unquote(first.text));
    }
  } else if (language === "python") {
    for (const node of root.descendantsOfType("import_statement")) for (const name of node.childrenForFieldName("name")) found.push((name.childForFieldName("name") ?? name).text);
    for (const node of root.descendantsOfType("import_from_statement")) {
      const module = node.childForFieldName("module_name")?.text ?? "";
      found.push(module);
      for (const name of node.childrenForFieldName("name")) found.push(`${module}${module.endsWith(".") ? "" : "."}${(name.childForFieldName("name") ?? name).text}`);
    }
  } else if (language === "go") {
    for (const spec of root.descendantsOfType("import_spec")) found.push(unquote(spec.childForFieldName("path")?.text ?? ""));
  } else if (language === "rust") {
    for (const use of root.descendantsOfType("use_declaration")) found.push(use.childForFieldName("argument")?.text ?? "");
    for (const mod of root.descendantsOfType("mod_item")) if (!mod.childForFieldName("body")) found.push(`mod:${mod.childForFieldName("name")?.text ?? ""}`);
  } else if (language === "java") {
    for (const node of root.descendantsOfType("import_declaration")) found.push(node.text.replace(/^import\s+(static\s+)?|;$/g, "").trim());
  }
  return [...new Set(found.filter((spec) => spec.length > 0))];
}

function commentOnlyLines(root: Node, spec: LanguageSpec, content: string): [number, number][] {
  const lines = content.split("\n");
  const ranges: [number, number][] = [];
  for (const comment of root.descendantsOfType([...spec.comments])) {
    const first = comment.startPosition.row;
    const last = comment.endPosition.row;
    // Only whole lines: code before the comment's start or after its end keeps the line.
    if (lines[first]!.slice(0, comment.startPosition.column).trim() !== "") continue;
    if (lines[last]!.slice(comment.endPosition.column).trim() !== "") continue;
    const previous = ranges.at(-1);
    if (previous && previous[1] >= first) previous[1] = Math.max(previous[1], last + 1);
    else ranges.push([first + 1, last + 1]);
  }
  return ranges;
}
