// What the tree-sitter side knows about each language: its prebuilt grammar (from
// @repomix/tree-sitter-wasms) and which syntax nodes are imports, containers, callables and types.

import { dirname, extname, join } from "node:path";

export interface LanguageSpec {
  id: string;
  wasm: string;
  /** Nodes whose body holds members worth listing (classes, impl blocks, modules). */
  containers: Set<string>;
  /** Nodes whose body is elided in an outline (functions, methods). */
  callables: Set<string>;
  /** Nodes kept in an outline as written when short (types, imports, fields, constants). */
  kept: Set<string>;
  /** Nodes that wrap a declaration (export, decorators): their prefix is kept, the declaration handled. */
  wrappers: Set<string>;
  comments: Set<string>;
  /** How an elided body is shown. */
  elision: string;
}

const wasmDir = join(dirname(Bun.resolveSync("@repomix/tree-sitter-wasms/package.json", import.meta.dir)), "out");
const grammar = (name: string) => join(wasmDir, `tree-sitter-${name}.wasm`);

const ecmascript = {
  containers: new Set(["class_declaration", "abstract_class_declaration", "class", "internal_module", "module"]),
  callables: new Set(["function_declaration", "generator_function_declaration", "method_definition", "function_signature", "abstract_method_signature", "method_signature"]),
  kept: new Set(["import_statement", "type_alias_declaration", "interface_declaration", "enum_declaration", "lexical_declaration", "variable_declaration", "public_field_definition", "field_definition", "ambient_declaration", "expression_statement"]),
  wrappers: new Set(["export_statement"]),
  comments: new Set(["comment"]),
  elision: " { … }",
};

const specs: Record<string, LanguageSpec> = {
  typescript: { id: "typescript", wasm: grammar("typescript"), ...ecmascript },
  tsx: { id: "tsx", wasm: grammar("tsx"), ...ecmascript },
  javascript: { id: "javascript", wasm: grammar("javascript"), ...ecmascript },
  python: {
    id: "python",
    wasm: grammar("python"),
    containers: new Set(["class_definition"]),
    callables: new Set(["function_definition"]),
    kept: new Set(["import_statement", "import_from_statement", "expression_statement", "type_alias_statement"]),
    wrappers: new Set(["decorated_definition"]),
    comments: new Set(["comment"]),
    elision: " …",
  },
  go: {
    id: "go",
    wasm: grammar("go"),
    containers: new Set([]),
    callables: new Set(["function_declaration", "method_declaration"]),
    kept: new Set(["package_clause", "import_declaration", "type_declaration", "const_declaration", "var_declaration"]),
    wrappers: new Set([]),
    comments: new Set(["comment"]),
    elision: " { … }",
  },
  rust: {
    id: "rust",
    wasm: grammar("rust"),
    containers: new Set(["impl_item", "trait_item", "mod_item"]),
    callables: new Set(["function_item", "function_signature_item"]),
    kept: new Set(["use_declaration", "struct_item", "enum_item", "type_item", "const_item", "static_item", "macro_definition", "attribute_item"]),
    wrappers: new Set([]),
    comments: new Set(["line_comment", "block_comment"]),
    elision: " { … }",
  },
  java: {
    id: "java",
    wasm: grammar("java"),
    containers: new Set(["class_declaration", "interface_declaration", "enum_declaration", "record_declaration"]),
    callables: new Set(["method_declaration", "constructor_declaration"]),
    kept: new Set(["package_declaration", "import_declaration", "field_declaration", "constant_declaration", "annotation_type_declaration"]),
    wrappers: new Set([]),
    comments: new Set(["line_comment", "block_comment"]),
    elision: " { … }",
  },
};

const byExtension: Record<string, string> = {
  ".ts": "typescript", ".mts": "typescript", ".cts": "typescript",
  ".tsx": "tsx",
  ".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
  ".py": "python", ".go": "go", ".rs": "rust", ".java": "java",
};

export function languageOf(path: string): LanguageSpec | undefined {
  const id = byExtension[extname(path).toLowerCase()];
  return id ? specs[id] : undefined;
}
