// Remembers, by content hash, what a configuration file parsed to and that a layer passed its schema, so a
// script starts without the YAML parser and the schema compiler (~0.2 s and ~35 MB of memory) when nothing
// changed. Only what parsed and validated cleanly is remembered: a mistake is found and located every time.

import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "../hash.ts";
import { toolkitRoot, toolkitVersion } from "../paths.ts";

/** Beside the toolkit's own dependencies, as build tools keep theirs: as trusted as the code that reads it. */
export const MEMO_DIR = join(toolkitRoot, "node_modules", ".cache", "cfo", "config");
/** Entries kept: layers from the environment differ from run to run (a temporary cache directory). */
const MAX_ENTRIES = 256;

export function memoKey(...parts: string[]): string {
  return sha256([toolkitVersion, ...parts].join("\0"));
}

export function recall<T>(key: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(MEMO_DIR, `${key}.json`), "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (another process may be reading it); a read-only toolkit only misses the gain. */
export function remember(key: string, value: unknown): void {
  try {
    mkdirSync(MEMO_DIR, { recursive: true });
    const partial = join(MEMO_DIR, `${key}.${process.pid}.partial`);
    writeFileSync(partial, JSON.stringify(value));
    renameSync(partial, join(MEMO_DIR, `${key}.json`));
    prune();
  } catch {
    // Nothing is lost but the time saved.
  }
}

function prune(): void {
  const names = readdirSync(MEMO_DIR);
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names.map((name) => ({ name, at: statSync(join(MEMO_DIR, name)).mtimeMs })).sort((a, b) => a.at - b.at);
  for (const { name } of byAge.slice(0, names.length - MAX_ENTRIES / 2)) unlinkSync(join(MEMO_DIR, name));
}

/** A value JSON keeps as it is (no undefined, NaN, Infinity, dates, or `__proto__` keys): only such are remembered. */
export function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(([key, child]) => key !== "__proto__" && isJsonValue(child));
}
