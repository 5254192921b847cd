// Reads a YAML (or JSON) file into a value plus a locator that maps a key path back to line:column,
// so validation errors can name the exact place in the user's file.

import { createRequire } from "node:module";
import type { Document, Node } from "yaml";
import { CfoError, type SourceLocation } from "../errors.ts";
import { isJsonValue, memoKey, recall, remember } from "./memo.ts";

/** The YAML library, loaded when a text is not remembered (memo.ts) or a key path must be located in it. */
const yaml = () => createRequire(import.meta.url)("yaml") as typeof import("yaml");

export type KeyPath = (string | number)[];

export interface YamlSource {
  file: string;
  value: unknown;
  /** Where a key path is written; falls back to the nearest written ancestor, then the file. */
  locate(path: KeyPath, atKey?: boolean): SourceLocation;
}

export async function readYamlFile(file: string, displayName = file): Promise<YamlSource> {
  return parseYamlText(await Bun.file(file).text(), displayName);
}

/**
 * A text parsed cleanly before is taken from memo.ts; it is parsed again only to locate a key path in it. A text
 * holding a secret (a password in `storage.url`, an API key) is never copied there: the memo is a cache.
 */
export async function parseYamlText(text: string, file: string): Promise<YamlSource> {
  const key = memoKey("yaml", text);
  const known = recall<{ value: unknown }>(key);
  if (known) {
    let parsed: YamlSource | undefined;
    return { file, value: known.value, locate: (path, atKey) => (parsed ??= parseDocumentText(text, file)).locate(path, atKey) };
  }
  const source = parseDocumentText(text, file);
  if (isJsonValue(source.value) && !(await holdsSecret(text, file))) remember(key, { value: source.value });
  return source;
}

/** The secret rules load (~20 ms) only when a text is parsed anyway. */
async function holdsSecret(text: string, file: string): Promise<boolean> {
  const { findSecrets } = await import("../secrets.ts");
  return (await findSecrets(text, file)).length > 0;
}

function parseDocumentText(text: string, file: string): YamlSource {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const position = lineCounter.linePos(first.pos[0]);
    const reason = first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new CfoError(`invalid YAML: ${reason}`, { file, line: position.line, column: position.col });
  }
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  return {
    file,
    value: doc.toJS({ maxAliasCount: 100 }) ?? {},
    locate(path, atKey = false) {
      for (let depth = path.length; depth > 0; depth--) {
        const offset = nodeOffset(doc, path.slice(0, depth), atKey && depth === path.length);
        if (offset !== undefined) return at(offset);
      }
      return doc.contents?.range ? at(doc.contents.range[0]) : { file };
    },
  };
}

function nodeOffset(doc: Document, path: KeyPath, atKey: boolean): number | undefined {
  if (!atKey) {
    const node = doc.getIn(path, true) as Node | undefined;
    return node?.range?.[0];
  }
  const parent = path.length > 1 ? (doc.getIn(path.slice(0, -1), true) as Node | undefined) : doc.contents;
  const last = path[path.length - 1];
  const { isMap, isSeq } = yaml();
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
    return (pair?.key as Node | undefined)?.range?.[0];
  }
  if (isSeq(parent) && typeof last === "number") return (parent.items[last] as Node | undefined)?.range?.[0];
  return undefined;
}
