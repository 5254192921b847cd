// The one merge function: layers in order (defaults < plugins < project < environment < flags),
// objects merged key by key, lists of items with an `id` merged by id, other values replaced.
// Every leaf remembers which layer set it, for --show-config.

import { CfoError, type SourceLocation } from "../errors.ts";
import { formatPath } from "./schema.ts";
import type { KeyPath } from "./yaml-source.ts";

export interface Layer {
  /** Where the values came from, as --show-config prints it: "default config/errors.yaml", "flag --days". */
  origin: string;
  value: Record<string, unknown>;
  locate(path: KeyPath, atKey?: boolean): SourceLocation;
}

export type Origins = Map<string, string>;

export interface Merged {
  value: Record<string, unknown>;
  origins: Origins;
}

interface ItemPlace {
  origin: string;
  /** Located only for a message: locating a key path may parse its file again (memo.ts). */
  locate(): SourceLocation;
}

export function mergeLayers(layers: Layer[]): Merged {
  const value: Record<string, unknown> = {};
  const origins: Origins = new Map();
  const itemPlaces = new Map<string, ItemPlace>();
  const problems: CfoError[] = [];
  for (const layer of layers) mergeObject(value, layer.value, [], layer, origins, itemPlaces, problems);
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new CfoError(problems.map((p) => p.toLine()).join("\n"));
  return { value, origins };
}

function mergeObject(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  path: KeyPath,
  layer: Layer,
  origins: Origins,
  itemPlaces: Map<string, ItemPlace>,
  problems: CfoError[],
): void {
  for (const [key, incoming] of Object.entries(source)) {
    if (key === "$schema") continue;
    const here = [...path, key];
    const current = target[key];
    if (isPlainObject(incoming) && isPlainObject(current)) {
      mergeObject(current, incoming, here, layer, origins, itemPlaces, problems);
    } else if (isKeyedList(incoming)) {
      target[key] = mergeKeyedList(isKeyedList(current) ? current : [], incoming, here, layer, origins, itemPlaces, problems);
    } else {
      target[key] = isPlainObject(incoming) ? structuredClone(incoming) : incoming;
      recordOrigins(origins, here, incoming, layer.origin);
    }
  }
}

type KeyedItem = Record<string, unknown> & { id: string };

function isKeyedList(value: unknown): value is KeyedItem[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => isPlainObject(item) && typeof item.id === "string");
}

function mergeKeyedList(
  existing: KeyedItem[],
  incoming: KeyedItem[],
  path: KeyPath,
  layer: Layer,
  origins: Origins,
  itemPlaces: Map<string, ItemPlace>,
  problems: CfoError[],
): KeyedItem[] {
  const result = [...existing];
  const seenInLayer = new Set<string>();
  incoming.forEach((item, index) => {
    const placeKey = `${formatPath(path)}#${item.id}`;
    const locate = () => layer.locate([...path, index, "id"]);
    const earlier = itemPlaces.get(placeKey);
    const existingIndex = result.findIndex((other) => other.id === item.id);
    if (seenInLayer.has(item.id) || (existingIndex >= 0 && item.override !== true)) {
      const first = earlier ? ` (first defined in ${earlier.origin} at ${formatAt(earlier.locate())})` : "";
      const fix = seenInLayer.has(item.id) ? "ids must be unique" : "set `override: true` to replace it, or pick another id";
      problems.push(new CfoError(`duplicate id "${item.id}"${first}; ${fix}`, locate(), formatPath([...path, index, "id"])));
      return;
    }
    seenInLayer.add(item.id);
    itemPlaces.set(placeKey, { origin: layer.origin, locate });
    const { override: _override, ...clean } = item;
    if (existingIndex >= 0) result[existingIndex] = clean as KeyedItem;
    else result.push(clean as KeyedItem);
    origins.set(`${formatPath(path)}[id=${item.id}]`, layer.origin);
  });
  return result;
}

function formatAt(location: SourceLocation): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}

function recordOrigins(origins: Origins, path: KeyPath, value: unknown, origin: string): void {
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) recordOrigins(origins, [...path, key], child, origin);
  } else {
    origins.set(formatPath(path), origin);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
