// Loads the one merged configuration every script reads.
// Order: shipped defaults (config/*.yaml) < plugins < project config < environment < flags.
// Every layer is validated on its own so each mistake is reported at its file:line:column.

import { cosmiconfig } from "cosmiconfig";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CfoError, CfoErrors } from "../errors.ts";
import { stableHash } from "../hash.ts";
import { warn } from "../log.ts";
import { toolkitRoot, toolkitVersion } from "../paths.ts";
import { detectRepository } from "../repository.ts";
import { environmentLayers, valueLayer } from "./environment.ts";
import { isPlainObject, mergeLayers, type Layer, type Origins } from "./merge.ts";
import { discoverPluginFiles, loadPlugin, type LoadedPlugin } from "./plugins.ts";
import { checkRegexSafety, type RegexToCheck } from "./regex-safety.ts";
import { formatPath, validateSource, type RegexFound } from "./schema.ts";
import type { CfoConfig } from "./types.ts";
import { parseYamlText, readYamlFile, type KeyPath, type YamlSource } from "./yaml-source.ts";

const CONFIG_SCHEMA = "cfo.config.schema.json";
const SEARCH_PLACES = ["cfo.config.yaml", "cfo.config.yml", ".cforc.yaml", ".cforc.yml", ".cforc", "package.json"];

export interface FlagOverride {
  path: KeyPath;
  value: unknown;
  flag: string;
}

export interface LoadOptions {
  projectRoot: string;
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  flags?: FlagOverride[];
  /** --all-repos: reports and analyses read every repository's records. */
  allRepos?: boolean;
}

export interface LoadedConfig {
  config: CfoConfig;
  origins: Origins;
  projectRoot: string;
  /** Absolute cache root (config.cacheDir resolved against the project root). */
  cacheRoot: string;
  projectConfigFile?: string;
  plugins: LoadedPlugin[];
  /** Changes whenever anything in the effective configuration changes (cache keys use it). */
  hash: string;
  /** owner/name the records of this invocation carry (see scripts/lib/repository.ts). */
  repository: string;
  /** True with --all-repos: reports and analyses read every repository's records, not only `repository`'s. */
  allRepos: boolean;
}

export async function loadConfig(options: LoadOptions): Promise<LoadedConfig> {
  const projectRoot = resolve(options.projectRoot);
  if (!existsSync(projectRoot) || !statSync(projectRoot).isDirectory()) {
    throw new CfoError("--project-root is not a directory", { file: options.projectRoot });
  }
  const problems: CfoError[] = [];
  const userRegexes: RegexToCheck[] = [];
  const validated = (source: Pick<YamlSource, "file" | "value" | "locate">, origin: string, userWritten: boolean): Layer | undefined => {
    const { problems: found, regexes } = validateSource(CONFIG_SCHEMA, source);
    problems.push(...found);
    if (userWritten) userRegexes.push(...located(regexes, source));
    return found.length || !isPlainObject(source.value) ? undefined : { origin, value: source.value, locate: source.locate };
  };

  const defaults = (await defaultSources()).map((source) => validated(source, `default ${source.file}`, false));
  const project = await findProjectConfig(projectRoot, options.configPath);
  const projectLayer = project ? validated(project.source, `project ${project.source.file}`, true) : undefined;
  const envLayers = environmentLayers(options.env ?? process.env).map((layer) => validated({ ...layer, file: layer.origin }, layer.origin, true));
  const flagLayers = (options.flags ?? []).map((flag) => {
    const layer = valueLayer(`flag ${flag.flag}`, flag.path, flag.value);
    return validated({ ...layer, file: layer.origin }, layer.origin, true);
  });
  if (problems.length) throw new CfoErrors(problems);

  const pluginSettings = mergeLayers([...present(defaults), ...present([projectLayer])]).value.plugins as CfoConfig["plugins"];
  const plugins: LoadedPlugin[] = [];
  for (const file of discoverPluginFiles(projectRoot, pluginSettings)) {
    try {
      const plugin = await loadPlugin(file);
      plugins.push(plugin);
      userRegexes.push(...located(plugin.regexes, { file: plugin.file, locate: plugin.layer.locate }));
    } catch (error) {
      if (!(error instanceof CfoError)) throw error;
      if (pluginSettings.onError === "warn") warn(`plugin skipped: ${error.toLine()}`);
      else problems.push(error);
    }
  }
  if (problems.length) throw new CfoErrors(problems);

  const merged = mergeLayers([...present(defaults), ...plugins.map((p) => p.layer), ...present([projectLayer]), ...present(envLayers), ...present(flagLayers)]);
  const config = merged.value as unknown as CfoConfig;
  const cacheRoot = resolve(projectRoot, config.cacheDir);
  const unsafe = await checkRegexSafety(userRegexes, join(cacheRoot, "errors", "regex-safety.json"));
  if (unsafe.length) throw new CfoErrors(unsafe);

  return {
    config,
    origins: merged.origins,
    projectRoot,
    cacheRoot,
    projectConfigFile: project?.filepath,
    plugins,
    // Where the data is kept does not change what an analysis says (a store moved to a server keeps its
    // cache hits); the release of the code that makes it does.
    hash: stableHash({ config: { ...config, storage: undefined }, code: plugins.filter((p) => p.kind === "code").map((p) => p.file), release: toolkitVersion }),
    repository: detectRepository(config.repository, projectRoot, options.env ?? process.env),
    allRepos: options.allRepos === true,
  };
}

async function defaultSources(): Promise<YamlSource[]> {
  const dir = join(toolkitRoot, "config");
  const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  return Promise.all(files.map((name) => readYamlFile(join(dir, name), `config/${name}`)));
}

async function findProjectConfig(projectRoot: string, explicit?: string): Promise<{ filepath: string; source: YamlSource } | undefined> {
  if (explicit) {
    const filepath = resolve(explicit);
    if (!existsSync(filepath)) throw new CfoError("configuration file not found (given by --config)", { file: explicit });
  }
  const sources = new Map<string, YamlSource>();
  const shown = (filepath: string) => relative(process.cwd(), filepath) || filepath;
  const load = async (filepath: string, content: string) => {
    const source = await parseYamlText(content, shown(filepath));
    sources.set(filepath, source);
    return source.value;
  };
  const explorer = cosmiconfig("cfo", {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: "none",
    loaders: { ".yaml": load, ".yml": load, ".json": load, noExt: load },
  });
  const result = explicit ? await explorer.load(resolve(explicit)) : await explorer.search(projectRoot);
  if (!result || result.isEmpty) return undefined;
  const source = sources.get(result.filepath)!;
  if (result.filepath.endsWith("package.json")) {
    // The `cfo` key of package.json: locate paths below it.
    return { filepath: result.filepath, source: { file: source.file, value: result.config, locate: (path, atKey) => source.locate(["cfo", ...path], atKey) } };
  }
  return { filepath: result.filepath, source };
}

/** Each regex's place, located only when a message names it (locating may parse its file again: memo.ts). */
function located(regexes: RegexFound[], source: Pick<YamlSource, "file" | "locate">): RegexToCheck[] {
  return regexes.map((regex) => ({
    ...regex,
    get location() {
      return source.locate(regex.path);
    },
    keyPath: formatPath(regex.path),
  }));
}

function present<T>(items: (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}
