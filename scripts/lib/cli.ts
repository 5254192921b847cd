// The command-line skin every script shares: flags (the seed's names), --help with examples,
// --check and --show-config, --json, exit codes (0 ok, 1 the checked thing failed, 2 usage, config
// or input error) and one-line errors on stderr, never a stack trace.

import { once } from "node:events";
import { parseArgs } from "node:util";
import { loadConfig, type FlagOverride, type LoadedConfig } from "./config/load.ts";
import { renderCheck, renderShowConfig } from "./config/show.ts";
import type { KeyPath } from "./config/yaml-source.ts";
import type { MigratedStore } from "./storage/migrate-to.ts";
import { CfoError, closestMatch } from "./errors.ts";
import { sendCommandsToStderr } from "./github.ts";
import { debug, debugEnabled, warn } from "./log.ts";

export interface FlagSpec {
  name: string;
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Shown in --help after the flag, e.g. FILE, N. */
  valueName?: string;
  description: string;
  /** The flag overrides this configuration key (merged last, after the environment). */
  configPath?: KeyPath;
  numeric?: boolean;
}

export interface ScriptSpec {
  /** The script file name without extension, e.g. error_parser. */
  name: string;
  summary: string;
  flags: FlagSpec[];
  examples: string[];
  /** True when the script reads positional arguments itself; otherwise one is a usage error. */
  acceptsPositionals?: boolean;
  /** The stores this script keeps, for --migrate-to. */
  stores?: MigratedStore[];
  /**
   * True when this invocation only records telemetry (metrics, feedback): then any failure is a
   * warning and exit 0 unless --strict, so telemetry never breaks the user's build.
   */
  isTelemetry?(args: ParsedArgs): boolean;
}

export type ParsedArgs = Record<string, string | boolean | string[] | undefined>;

export interface ScriptContext {
  args: ParsedArgs;
  positionals: string[];
  loaded: LoadedConfig;
  projectRoot: string;
  json: boolean;
  strict: boolean;
}

export const COMMON_FLAGS: FlagSpec[] = [
  { name: "project-root", type: "string", valueName: "DIR", description: "The repository to work on (default: the current directory)." },
  { name: "config", type: "string", valueName: "FILE", description: "Configuration file (default: cfo.config.yaml, .cforc.yaml or a `cfo` key in package.json)." },
  { name: "json", type: "boolean", description: "Print one JSON object on stdout (schema in schemas/)." },
  { name: "check", type: "boolean", description: "Validate the configuration and plugins, print what was loaded, exit 0 (or 2 with the errors)." },
  { name: "show-config", type: "boolean", description: "Print the effective configuration and where each value came from." },
  {
    name: "migrate-to",
    type: "string",
    valueName: "URL",
    description: "Copy this script's SQLite store into a PostgreSQL server (idempotent, resumable); prints counts per table.",
  },
  {
    name: "repo",
    type: "string",
    valueName: "OWNER/NAME",
    configPath: ["repository"],
    description: "The repository whose records to write and read (default: GITHUB_REPOSITORY, the git remote origin, or local/<folder>).",
  },
  { name: "all-repos", type: "boolean", description: "Reports and analyses read every repository's records in the store (a shared PostgreSQL store holds many)." },
  { name: "strict", type: "boolean", description: "Make telemetry failures fatal instead of warnings." },
  { name: "help", type: "boolean", short: "h", description: "Show this help." },
];

/** Parses, loads the configuration, runs `main`, and exits with its code. */
export async function runScript(spec: ScriptSpec, main: (context: ScriptContext) => Promise<number>, argv = process.argv.slice(2)): Promise<never> {
  const untilStdoutTaken = watchStdoutBackpressure();
  const code = await executeScript(spec, main, argv);
  await untilStdoutTaken();
  process.exit(code);
}

/**
 * A pipe may not have taken a long report yet when the script is done, and exiting then cuts it off.
 * Bun's stdout reports no buffered length, but a write that returns false is followed by "drain".
 */
function watchStdoutBackpressure(): () => Promise<void> {
  let waiting = false;
  const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  process.stdout.write = ((...args: unknown[]) => {
    const taken = write(...args);
    if (!taken) waiting = true;
    return taken;
  }) as typeof process.stdout.write;
  process.stdout.on("drain", () => {
    waiting = false;
  });
  return async () => {
    if (waiting) await once(process.stdout, "drain");
  };
}

export async function executeScript(spec: ScriptSpec, main: (context: ScriptContext) => Promise<number>, argv: string[]): Promise<number> {
  const flags = [...spec.flags, ...COMMON_FLAGS];
  let parsed: { values: ParsedArgs; positionals: string[] };
  try {
    parsed = parseCommandLine(flags, argv);
  } catch (error) {
    return fail(error, spec);
  }
  const { values: args, positionals } = parsed;
  if (positionals.length && !spec.acceptsPositionals) {
    return fail(new CfoError(`unexpected argument "${positionals[0]}" (options are written --name value); see --help`), spec);
  }
  if (args.help) {
    process.stdout.write(renderHelp(spec, flags));
    return 0;
  }
  if (args.json) sendCommandsToStderr();
  const strict = args.strict === true;
  const telemetry = spec.isTelemetry?.(args) === true && !args.check && !args["show-config"];
  try {
    const projectRoot = typeof args["project-root"] === "string" ? args["project-root"] : process.cwd();
    const loaded = await loadConfig({
      projectRoot,
      configPath: typeof args.config === "string" ? args.config : undefined,
      flags: flagOverrides(flags, args),
      allRepos: args["all-repos"] === true,
    });
    debug(`configuration loaded (hash ${loaded.hash.slice(0, 12)}, ${loaded.plugins.length} plugins)`);
    if (typeof args["migrate-to"] === "string") {
      if (!spec.stores?.length) throw new CfoError(`${spec.name} keeps no store to migrate`);
      const { storage } = loaded.config;
      const { migrateSqliteToPostgres } = await import("./storage/migrate-to.ts");
      await migrateSqliteToPostgres({ cacheRoot: loaded.cacheRoot, url: args["migrate-to"], busyTimeoutMs: storage.busyTimeoutMs, stores: spec.stores, repository: loaded.repository });
      return 0;
    }
    if (args.check) {
      process.stdout.write(renderCheck(loaded, args.json === true));
      return 0;
    }
    if (args["show-config"]) {
      process.stdout.write(renderShowConfig(loaded, args.json === true));
      return 0;
    }
    return await main({ args, positionals, loaded, projectRoot: loaded.projectRoot, json: args.json === true, strict });
  } catch (error) {
    if (telemetry && !strict) {
      warn(`${spec.name}: ${describeError(error)} (telemetry never fails the build; --strict makes it fatal)`);
      return 0;
    }
    return fail(error, spec);
  }
}

function parseCommandLine(flags: FlagSpec[], argv: string[]): { values: ParsedArgs; positionals: string[] } {
  const options = Object.fromEntries(
    flags.map((flag) => [flag.name, { type: flag.type, ...(flag.short ? { short: flag.short } : {}), ...(flag.multiple ? { multiple: true } : {}) }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    for (const flag of flags) {
      const value = values[flag.name];
      if (flag.numeric && typeof value === "string" && !/^-?\d+(\.\d+)?$/.test(value)) {
        throw new CfoError(`--${flag.name} takes a number, got "${value}"`);
      }
    }
    return { values: values as ParsedArgs, positionals };
  } catch (error) {
    if (error instanceof CfoError) throw error;
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const hint = closestMatch(unknown.replace(/^-+/, ""), flags.map((f) => f.name));
      throw new CfoError(`unknown option '${unknown}'${hint ? ` (did you mean --${hint}?)` : ""}; see --help`);
    }
    const ambiguous = /Option '(--[^']+)' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous) throw new CfoError(`${ambiguous} got a value that starts with "-"; write ${ambiguous}=VALUE; see --help`);
    throw new CfoError(`${message.split("\n")[0]}; see --help`);
  }
}

function flagOverrides(flags: FlagSpec[], args: ParsedArgs): FlagOverride[] {
  return flags.flatMap((flag) => {
    const raw = args[flag.name];
    if (!flag.configPath || raw === undefined) return [];
    const value = flag.numeric && typeof raw === "string" ? Number(raw) : raw;
    return [{ path: flag.configPath, value, flag: `--${flag.name}` }];
  });
}

function renderHelp(spec: ScriptSpec, flags: FlagSpec[]): string {
  const rows = flags.map((flag) => {
    const names = `${flag.short ? `-${flag.short}, ` : "    "}--${flag.name}${flag.valueName ? ` ${flag.valueName}` : ""}`;
    return `  ${names.padEnd(34)} ${flag.description}`;
  });
  return [
    `bun scripts/${spec.name}.ts — ${spec.summary}`,
    "",
    "Options:",
    ...rows,
    "",
    "Examples:",
    ...spec.examples.map((example) => `  ${example}`),
    "",
    "Exit codes: 0 success, 1 the checked thing failed, 2 usage, configuration or input error.",
    "Environment: VERBOSE=true or DEBUG_CLAUDE_ACTIONS=true for debug output; CFO_CACHE_DIR; CFO__section__key=value overrides any configuration key.",
    "",
  ].join("\n");
}

function describeError(error: unknown): string {
  if (error instanceof CfoError) return error.toLine();
  return error instanceof Error ? error.message : String(error);
}

function fail(error: unknown, spec: ScriptSpec): number {
  if (error instanceof CfoError) {
    process.stderr.write(`${spec.name}: ${error.toLine().split("\n").join(`\n${spec.name}: `)}\n`);
    return error.exitCode;
  }
  process.stderr.write(`${spec.name}: internal error: ${describeError(error)}\n`);
  if (debugEnabled() && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}
