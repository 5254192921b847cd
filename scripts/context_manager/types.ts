// Records that cross the context_manager's parts: collected files, ranked candidates and the pack.

import type { Priority } from "../lib/config/types.ts";

/** A project file that may go into the pack (secret, binary, vendored, generated and oversized ones never get here). */
export interface ProjectFile {
  path: string;
  type: string;
  priority: Priority;
  bytes: number;
  /** sha256 of the content: the cache key. */
  hash: string;
  /** Read on first use. */
  readonly content: string;
}

/** An item a plugin's contextCollector produced (a virtual path such as `plugin:db-schema`). */
export interface PluginItem {
  path: string;
  type: string;
  priority: Priority;
  content: string;
  reason: string;
}

export interface Omission {
  path: string;
  reason: string;
}

export type ItemMode = "full" | "outline" | "snippet" | "path";

export interface PackItem {
  path: string;
  type: string;
  mode: ItemMode;
  tokens: number;
  score: number;
  reasons: string[];
  /** 1-based inclusive line ranges of the original file that the content shows. */
  lines?: [number, number][];
  /** The text sent (redacted); empty for path-only items. */
  content: string;
}

export interface FailureSummary {
  category: string | null;
  message: string | null;
  errorCount: number;
  fingerprints: string[];
  /** Lines of the log around each error (redacted), not the whole log. */
  excerpt: string;
}

/** The pack: what --json prints (without item content) and what the renderers turn into text. */
export interface ContextPack {
  items: PackItem[];
  totalTokens: number;
  budget: number;
  omitted: Omission[];
  cache: { hits: number; misses: number; hitRate: number | null };
  task: string | null;
  failure: FailureSummary | null;
  /** How the total was counted: the calibrated offline estimate or the API's countTokens. */
  tokenCounter: "estimate" | "api";
}
