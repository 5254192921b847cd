// Ranking by relevance to the failure: each signal has a strength in 0..1 and a configured weight;
// a candidate's score is the sum of weight x strength, and every signal leaves a readable reason.

import type { Priority } from "../lib/config/types.ts";
import type { ContextConfig, SignalName } from "./config.ts";
import type { ImportGraph } from "./graph.ts";
import type { LearnedFile } from "./learning.ts";
import type { LexicalMatch } from "./lexical.ts";
import type { NamedLocation } from "./locations.ts";

export interface Signal {
  name: SignalName;
  strength: number;
  weight: number;
  reason: string;
}

export interface RankInput {
  paths: { path: string; type: string; priority: Priority }[];
  symbols: Map<string, string[]>;
  graph: ImportGraph;
  locations: NamedLocation[];
  /** BM25 of the failure's and the task's words against each file. */
  lexical: Map<string, LexicalMatch>;
  /** Identifiers the error messages name. */
  namedIdentifiers: string[];
  categories: string[];
  /** Changed files with their changed lines. */
  changed: Map<string, number[]>;
  changedBase: string | null;
  recency: Map<string, number>;
  learned: LearnedFile[];
  /** True when there is a task or a failure: then a file needs a relevance signal, not just its type. */
  focused: boolean;
}

export interface RankedFile {
  path: string;
  type: string;
  priority: Priority;
  score: number;
  signals: Signal[];
  /** Lines errors name in this file: always kept verbatim. */
  errorLines: number[];
  /** Lines a snippet centres on: the error lines and the lines the failing change touched. */
  focusLines: number[];
}

const PRIORITY_STRENGTH: Record<Priority, number> = { critical: 1, high: 0.75, medium: 0.5, low: 0.25 };
const RELEVANCE: Set<SignalName> = new Set(["errorNamed", "definesSymbol", "changed", "importNeighbour", "lexical", "category", "learned"]);
/** A changed file imported by this many failing files gets the full `changed` strength (half otherwise). */
const CASCADE_IMPORTERS = 3;
/** A test file declaring a test the failure names seeds the import links at this share of its definesSymbol strength. */
const SYMBOL_SEED = 0.5;
/** Below this share of the best lexical score a match is noise, not a reason. */
const LEXICAL_FLOOR = 0.2;

export function rankFiles(input: RankInput, config: ContextConfig): RankedFile[] {
  const weights = config.weights;
  const signals = new Map<string, Signal[]>();
  const errorLines = new Map<string, Set<number>>();
  const add = (path: string, name: SignalName, strength: number, reason: string) => {
    if (strength <= 0) return;
    const list = signals.get(path) ?? [];
    const existing = list.find((s) => s.name === name);
    if (existing && existing.strength >= strength) return;
    const signal = { name, strength, weight: weights[name], reason };
    signals.set(path, existing ? list.map((s) => (s === existing ? signal : s)) : [...list, signal]);
  };

  for (const location of input.locations) {
    add(location.path, "errorNamed", location.strength, `named by ${location.source}${location.line ? ` at line ${location.line}` : ""}`);
    if (location.line) errorLines.set(location.path, (errorLines.get(location.path) ?? new Set()).add(location.line));
  }
  const identifiers = new Set(input.namedIdentifiers);
  const declaring = new Map<string, number>();
  for (const [path, declared] of input.symbols) {
    const hits = declared.filter((symbol) => identifiers.has(symbol));
    if (!hits.length) continue;
    declaring.set(path, Math.min(1, 0.6 + 0.2 * hits.length));
    add(path, "definesSymbol", declaring.get(path)!, `declares ${hits.slice(0, 3).map((s) => `\`${s}\``).join(", ")} named by the failure`);
  }
  // A changed file that several failing files import is the likely cause of a cascade of errors.
  const named = new Set(input.locations.map((l) => l.path));
  for (const [path, lines] of input.changed) {
    const failingImporters = [...(input.graph.importedBy.get(path) ?? [])].filter((p) => named.has(p)).length;
    const cascade = failingImporters >= CASCADE_IMPORTERS;
    add(path, "changed", cascade ? 1 : 0.5, `changed since ${input.changedBase} (${lines.length} lines)${cascade ? `, imported by ${failingImporters} files the failure names` : ""}`);
  }

  const seeds = new Map<string, { strength: number; why: string }>();
  for (const location of input.locations) if ((seeds.get(location.path)?.strength ?? 0) < location.strength) seeds.set(location.path, { strength: location.strength, why: "named by the failure" });
  for (const path of input.changed.keys()) if (!seeds.has(path)) seeds.set(path, { strength: 0.6, why: "changed" });
  // A failure that names a test only by its function (`--- FAIL: ExampleReporter`, JUnit's `testParse`) points at the
  // test file declaring it as a path would, less precisely: half a seed, so what the test imports is in reach.
  // Only test files: any other declaration of a named identifier is too common a match to follow its imports.
  const testFiles = new Set(input.paths.filter((file) => file.type === "test").map((file) => file.path));
  for (const [path, strength] of declaring) {
    if (testFiles.has(path) && (seeds.get(path)?.strength ?? 0) < SYMBOL_SEED * strength) seeds.set(path, { strength: SYMBOL_SEED * strength, why: "declares the failing test" });
  }
  // Noisy-or over the seeds: a file many failing files import (a broken shared helper) scores near 1.
  const neighbours = new Map<string, { links: { text: string; strength: number }[] }>();
  const link = (path: string, strength: number, text: string) => {
    const entry = neighbours.get(path) ?? { links: [] };
    entry.links.push({ text, strength });
    neighbours.set(path, entry);
  };
  for (const [seed, { strength, why }] of seeds) {
    for (const target of input.graph.imports.get(seed) ?? []) link(target, 0.8 * strength, `imported by ${seed} (${why})`);
    for (const source of input.graph.importedBy.get(seed) ?? []) link(source, 0.7 * strength, `imports ${seed} (${why})`);
  }
  for (const [path, { links }] of neighbours) {
    const strongest = links.reduce((a, b) => (b.strength > a.strength ? b : a));
    const combined = 1 - links.reduce((rest, l) => rest * (1 - l.strength), 1);
    add(path, "importNeighbour", combined, links.length > 1 ? `${strongest.text} and ${links.length - 1} more import links` : strongest.text);
  }

  const lexical = input.lexical;
  const best = Math.max(0, ...[...lexical.values()].map((m) => m.score));
  for (const [path, match] of lexical) {
    const strength = match.score / best;
    if (strength >= LEXICAL_FLOOR) add(path, "lexical", strength, `matches failure terms ${match.matched.slice(0, 4).join(", ")} (BM25 ${match.score.toFixed(1)})`);
  }

  input.categories.forEach((category, index) => {
    const wanted = new Set(config.categoryTypes[category] ?? []);
    for (const file of input.paths) if (wanted.has(file.type)) add(file.path, "category", index === 0 ? 1 : 0.7, `${file.type} file for a ${category} error`);
  });
  const mostFixes = Math.max(1, ...input.learned.map((l) => l.fixes));
  // Fixes of the same fingerprint count fully; fixes of the same category only half.
  for (const { path, fixes, fingerprint } of input.learned) {
    const share = Math.max(0.5, fixes / mostFixes) * (fingerprint ? 1 : 0.5);
    add(path, "learned", share, `changed by ${fixes} earlier passing fix${fixes === 1 ? "" : "es"} of ${fingerprint ? "this failure's fingerprint" : "this category of failure"}`);
  }
  for (const [path, recency] of input.recency) add(path, "recency", recency, `changed in the last commits (recency ${recency.toFixed(2)})`);
  for (const file of input.paths) add(file.path, "priority", PRIORITY_STRENGTH[file.priority], `${file.type} file (priority ${file.priority})`);

  const known = new Map(input.paths.map((file) => [file.path, file]));
  const ranked: RankedFile[] = [];
  for (const [path, list] of signals) {
    const file = known.get(path);
    if (!file) continue;
    if (input.focused && !list.some((s) => RELEVANCE.has(s.name))) continue;
    const score = list.reduce((sum, s) => sum + s.weight * s.strength, 0);
    const named = [...(errorLines.get(path) ?? [])].sort((a, b) => a - b);
    const focusLines = [...new Set([...named, ...(input.changed.get(path) ?? [])])].sort((a, b) => a - b);
    ranked.push({ ...file, score, signals: list.sort((a, b) => b.weight * b.strength - a.weight * a.strength), errorLines: named, focusLines });
  }
  return ranked.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
}

/** `named by error 1 at line 42 (+10.0)`: a signal as the user reads it. */
export function describeSignal(signal: Signal): string {
  return `${signal.reason} (+${(signal.weight * signal.strength).toFixed(1)})`;
}
