// The `context:` section of the configuration (schemas/config/context.schema.json).

import type { ContextTypeDefinition } from "../lib/config/types.ts";

export type SignalName = "errorNamed" | "definesSymbol" | "changed" | "importNeighbour" | "lexical" | "category" | "learned" | "recency" | "priority" | "plugin";

export interface ContextConfig {
  types: ContextTypeDefinition[];
  categoryTypes: Record<string, string[]>;
  maxTokens: number;
  maxItems: number;
  exclude: string[];
  secretFiles: string[];
  vendored: string[];
  generated: string[];
  maxFileBytes: number;
  cacheTtlHours: number;
  includeCached: boolean;
  base: string | null;
  excerptContextLines: number;
  excerptMaxLines: number;
  snippetContextLines: number;
  tokens: { charsPerToken: number; symbolTokens: number; nonAsciiByteTokens: number; safetyMargin: number; model: string };
  weights: Record<SignalName, number>;
}
