// Environment variables as a configuration layer: a few named ones, plus CFO__section__key=value
// for any key (the value is read as YAML, so numbers and booleans keep their type).

import { createRequire } from "node:module";
import type { Layer } from "./merge.ts";
import type { KeyPath } from "./yaml-source.ts";

const NAMED: Record<string, KeyPath> = {
  CFO_CACHE_DIR: ["cacheDir"],
  CFO_DATABASE_URL: ["storage", "url"],
};

export function environmentLayers(env: NodeJS.ProcessEnv): Layer[] {
  const layers: Layer[] = [];
  for (const [name, raw] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (raw === undefined || raw === "") continue;
    const named = NAMED[name];
    const path = named ?? (name.startsWith("CFO__") ? name.slice(5).split("__").filter(Boolean) : undefined);
    if (!path?.length) continue;
    // The YAML library is loaded only for such a variable (most runs set none).
    const value = named ? raw : ((createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(raw) as unknown);
    layers.push(valueLayer(`environment ${name}`, path, value));
  }
  return layers;
}

/** A layer holding one value at one key path (an environment variable, a command-line flag). */
export function valueLayer(origin: string, path: KeyPath, value: unknown): Layer {
  const root: Record<string, unknown> = {};
  let cursor = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) cursor[String(key)] = value;
    else cursor = (cursor[String(key)] = {}) as Record<string, unknown>;
  });
  return { origin, value: root, locate: () => ({ file: origin }) };
}
