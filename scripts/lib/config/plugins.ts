// Finds and loads plugin files: YAML plugins (validated by schemas/plugin.schema.json) and
// TypeScript plugins (default export from definePlugin). Order is stable: folders in the configured
// order, files by name, then explicitly enabled files.

import { existsSync, readdirSync, statSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CfoError } from "../errors.ts";
import { isCfoPlugin, type CfoPlugin, type PluginDefinition } from "../plugin.ts";
import type { Layer } from "./merge.ts";
import { validateSource, type RegexFound } from "./schema.ts";
import { readYamlFile } from "./yaml-source.ts";

const YAML_EXTENSIONS = new Set([".yaml", ".yml"]);
const CODE_EXTENSIONS = new Set([".ts", ".js", ".mjs"]);

export interface LoadedPlugin {
  file: string;
  name: string;
  kind: "yaml" | "code";
  definition: PluginDefinition;
  layer: Layer;
  regexes: RegexFound[];
}

export interface PluginSettings {
  paths: string[];
  enable: string[];
}

export function discoverPluginFiles(projectRoot: string, settings: PluginSettings): string[] {
  const files: string[] = [];
  for (const folder of settings.paths) {
    const dir = resolve(projectRoot, folder);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    const names = readdirSync(dir)
      .filter((name) => isPluginFile(name) && !name.endsWith(".d.ts") && statSync(join(dir, name)).isFile())
      .sort();
    files.push(...names.map((name) => join(dir, name)));
  }
  for (const file of settings.enable) files.push(resolve(projectRoot, file));
  return [...new Set(files)];
}

function isPluginFile(name: string): boolean {
  const extension = extname(name);
  return YAML_EXTENSIONS.has(extension) || CODE_EXTENSIONS.has(extension);
}

/** Loads one plugin; throws a located CfoError when it cannot be parsed, validated or imported. */
export async function loadPlugin(file: string): Promise<LoadedPlugin> {
  // Named as configuration files are: relative to where the user runs the command.
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file)) throw new CfoError("plugin file not found", { file: shown });
  if (YAML_EXTENSIONS.has(extname(file))) {
    const source = await readYamlFile(file, shown);
    const { problems, regexes } = validateSource("plugin.schema.json", source);
    if (problems.length) throw new CfoError(problems.map((p) => p.toLine()).join("\n"), { file: shown });
    const definition = source.value as PluginDefinition;
    return { file: shown, name: definition.name, kind: "yaml", definition, layer: layerOf(definition, `plugin ${shown}`, source.locate), regexes };
  }
  const plugin = await importPlugin(file, shown);
  const declarative = { name: plugin.name, description: plugin.description, errors: plugin.errors, context: plugin.context, metrics: plugin.metrics };
  const located = { file: shown, value: JSON.parse(JSON.stringify(declarative)) as unknown, locate: () => ({ file: shown }) };
  const { problems, regexes } = validateSource("plugin.schema.json", located);
  if (problems.length) throw new CfoError(problems.map((p) => p.toLine()).join("\n"), { file: shown });
  return { file: shown, name: plugin.name, kind: "code", definition: plugin, layer: layerOf(plugin, `plugin ${shown}`, located.locate), regexes };
}

async function importPlugin(file: string, shown: string): Promise<CfoPlugin> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    const position = (error as { position?: { line?: number; column?: number } }).position;
    const message = (error as Error).message?.split("\n")[0] ?? String(error);
    throw new CfoError(`plugin failed to import: ${message}`, { file: shown, line: position?.line, column: position?.column });
  }
  if (!isCfoPlugin(module.default)) {
    throw new CfoError("a TypeScript plugin must `export default definePlugin({ name, ... })` from scripts/lib/plugin.ts", { file: shown });
  }
  return module.default;
}

/** The plugin's declarative items as a configuration layer (merged after the defaults). */
function layerOf(definition: PluginDefinition, origin: string, locate: Layer["locate"]): Layer {
  const value: Record<string, unknown> = {};
  if (definition.errors?.patterns) value.errors = { patterns: definition.errors.patterns };
  if (definition.context?.types) value.context = { types: definition.context.types };
  if (definition.metrics?.custom) value.metrics = { custom: definition.metrics.custom };
  return { origin, value, locate };
}
