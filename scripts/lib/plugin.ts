// The plugin API. A TypeScript plugin file in plugins/ default-exports definePlugin({...}): the same
// declarative items a YAML plugin can hold, plus code for what YAML cannot say.

import type { ContextTypeDefinition, CustomMetricDefinition, ErrorPattern, Priority, Severity } from "./config/types.ts";

export interface ClassifierInput {
  /** The log line, ANSI codes and CI timestamps removed. */
  line: string;
  /** 1-based line number in the original log. */
  lineNumber: number;
}

export interface ClassifierMatch {
  id: string;
  category: string;
  severity?: Severity;
  retry?: boolean;
  fix_time?: number;
  tool?: string;
  message?: string;
}

/** Classifies one log line the declarative patterns cannot; undefined when it does not apply. */
export type Classifier = (input: ClassifierInput) => ClassifierMatch | undefined;

export interface ContextCollectorInput {
  projectRoot: string;
  task?: string;
  /** Categories of the failure being fixed (from error_parser), most important first. */
  categories: string[];
}

export interface CollectedContextItem {
  /** A path relative to the project root, or a virtual name such as `plugin:db-schema`. */
  path: string;
  content: string;
  type: string;
  priority: Priority;
  /** Why this item belongs in the pack, shown by --explain. */
  reason: string;
}

export type ContextCollector = (input: ContextCollectorInput) => Promise<CollectedContextItem[]> | CollectedContextItem[];

/** Returns named numeric readings (gauges) at each metrics sample or at --stop. */
export type MetricCollector = () => Promise<Record<string, number>> | Record<string, number>;

export interface PluginDefinition {
  name: string;
  description?: string;
  errors?: { patterns?: ErrorPattern[] };
  context?: { types?: ContextTypeDefinition[] };
  metrics?: { custom?: CustomMetricDefinition[] };
  classifiers?: Classifier[];
  contextCollectors?: ContextCollector[];
  metricCollectors?: Record<string, MetricCollector>;
}

const pluginBrand = Symbol.for("cfo.plugin");

export interface CfoPlugin extends PluginDefinition {
  readonly [pluginBrand]: true;
}

export function definePlugin(definition: PluginDefinition): CfoPlugin {
  return { ...definition, [pluginBrand]: true };
}

export function isCfoPlugin(value: unknown): value is CfoPlugin {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[pluginBrand] === true;
}
