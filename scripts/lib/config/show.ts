// Renders --check (what was loaded) and --show-config (the effective configuration and where each
// value came from: default, plugin file, project config, environment, flag).

import { createRequire } from "node:module";
import type { LoadedConfig } from "./load.ts";

export function renderCheck(loaded: LoadedConfig, json: boolean): string {
  const { config } = loaded;
  const summary = {
    ok: true,
    projectConfig: loaded.projectConfigFile ?? null,
    plugins: loaded.plugins.map(({ name, file, kind }) => ({ name, file, kind })),
    errorPatterns: config.errors.patterns.length,
    contextTypes: config.context.types.length,
    customMetrics: config.metrics.custom.length,
    cacheRoot: loaded.cacheRoot,
  };
  if (json) return `${JSON.stringify(summary)}\n`;
  const plugins = summary.plugins.length ? summary.plugins.map((p) => `${p.name} (${p.file}, ${p.kind})`).join(", ") : "none";
  return [
    "configuration OK",
    `  project config: ${summary.projectConfig ?? "none (shipped defaults)"}`,
    `  plugins: ${plugins}`,
    `  error patterns: ${summary.errorPatterns}, context types: ${summary.contextTypes}, custom metrics: ${summary.customMetrics}`,
    `  cache root: ${summary.cacheRoot}`,
    "",
  ].join("\n");
}

export function renderShowConfig(loaded: LoadedConfig, json: boolean): string {
  const origins = Object.fromEntries([...loaded.origins.entries()].sort(([a], [b]) => a.localeCompare(b)));
  if (json) return `${JSON.stringify({ config: loaded.config, origins })}\n`;
  const width = Math.max(...Object.keys(origins).map((key) => key.length));
  return [
    "# Effective configuration",
    // Loaded here only: a script's start would not need the YAML library otherwise (config/memo.ts).
    (createRequire(import.meta.url)("yaml") as typeof import("yaml")).stringify(loaded.config).trimEnd(),
    "",
    "# Where each value came from",
    ...Object.entries(origins).map(([key, origin]) => `# ${key.padEnd(width)}  <- ${origin}`),
    "",
  ].join("\n");
}
