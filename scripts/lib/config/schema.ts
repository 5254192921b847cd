// The JSON Schemas in schemas/ are the single truth for configuration, plugins and --json outputs.
// This module loads them all into one ajv instance and turns ajv errors into located CfoErrors.

import type { default as Ajv, ErrorObject, ValidateFunction } from "ajv";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { CfoError, closestMatch } from "../errors.ts";
import { sha256 } from "../hash.ts";
import { toolkitRoot } from "../paths.ts";
import { isJsonValue, memoKey, recall, remember } from "./memo.ts";
import type { KeyPath, YamlSource } from "./yaml-source.ts";

export const SCHEMA_BASE = "https://cfo.dev/schemas/";
const schemasDir = join(toolkitRoot, "schemas");

export interface RegexFound {
  id: string;
  source: string;
  flags: string;
  path: KeyPath;
}

let ajv: Ajv | undefined;
/** Regexes seen by the last validation; collected by the cfoRegex keyword for the ReDoS check. */
let regexesSeen: RegexFound[] = [];

function instance(): Ajv {
  if (ajv) return ajv;
  // Loaded and compiled (~0.15 s) only when a layer is not known to be valid (memo.ts), or for validator().
  const { default: AjvClass } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
  ajv = new AjvClass({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword({
    keyword: "cfoRegex",
    type: "object",
    schemaType: "object",
    errors: true,
    validate: function validateRegex(
      spec: { source: string; flags: string },
      item: Record<string, unknown>,
      _parent: unknown,
      ctx?: { instancePath: string },
    ): boolean {
      const source = item[spec.source];
      const flags = typeof item[spec.flags] === "string" ? (item[spec.flags] as string) : "";
      if (typeof source !== "string") return true;
      const path = pointerToPath(ctx?.instancePath ?? "");
      try {
        new RegExp(source, flags);
      } catch (error) {
        const reason = (error as Error).message.replace(/^Invalid regular expression: /, "");
        (validateRegex as unknown as { errors: Partial<ErrorObject>[] }).errors = [
          { keyword: "cfoRegex", message: `invalid regular expression in pattern "${String(item.id)}": ${reason}`, params: { field: spec.source } },
        ];
        return false;
      }
      regexesSeen.push({ id: String(item.id), source, flags, path: [...path, spec.source] });
      return true;
    },
  });
  for (const [file, text] of schemaTexts()) {
    const schema = JSON.parse(text) as { $id?: string };
    ajv.addSchema(schema, schema.$id ?? `${SCHEMA_BASE}${relative(schemasDir, file)}`);
  }
  return ajv;
}

let texts: [string, string][] | undefined;
/** Every schema file with its text, read once. */
function schemaTexts(): [string, string][] {
  return (texts ??= listJson(schemasDir).sort().map((file) => [file, readFileSync(file, "utf8")]));
}

let schemasHash: string | undefined;
/** Changes with any schema: a value valid against the old ones is checked again. */
function schemasFingerprint(): string {
  return (schemasHash ??= sha256(schemaTexts().flat().join("\0")));
}

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listJson(full);
    return entry.name.endsWith(".schema.json") ? [full] : [];
  });
}

export function validator(schemaFile: string): ValidateFunction {
  const validate = instance().getSchema(`${SCHEMA_BASE}${schemaFile}`);
  if (!validate) throw new Error(`schema ${schemaFile} is not in ${schemasDir}`);
  return validate;
}

export interface ValidationResult {
  problems: CfoError[];
  regexes: RegexFound[];
}

/** Validates one layer (a file, a plugin, the environment) and locates each problem in its source. */
export function validateSource(schemaFile: string, source: Pick<YamlSource, "value" | "locate" | "file">): ValidationResult {
  // A value found valid before, against the same schemas, is valid again: its regexes are remembered with it.
  const json = isJsonValue(source.value) ? JSON.stringify(source.value) : undefined;
  const key = json === undefined ? undefined : memoKey("valid", schemasFingerprint(), schemaFile, json);
  const known = key === undefined ? undefined : recall<RegexFound[]>(key);
  if (known) return { problems: [], regexes: known };
  regexesSeen = [];
  const validate = validator(schemaFile);
  const valid = validate(source.value);
  const problems = (validate.errors ?? []).filter(isReportable).map((error) => toCfoError(error, source));
  if (valid && key !== undefined) remember(key, regexesSeen);
  return { problems, regexes: regexesSeen };
}

/** A failing `if`/`anyOf` wrapper duplicates the errors beneath it; keep the specific ones. */
function isReportable(error: ErrorObject): boolean {
  return !["if", "anyOf", "oneOf"].includes(error.keyword);
}

function toCfoError(error: ErrorObject, source: Pick<YamlSource, "locate" | "file">): CfoError {
  const path = pointerToPath(error.instancePath);
  if (error.keyword === "additionalProperties") {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const hint = closestMatch(key, allowed);
    const suggestion = hint ? ` (did you mean "${hint}"?)` : "";
    const list = allowed.length ? `; allowed: ${allowed.join(", ")}` : "";
    return new CfoError(`unknown key "${key}"${suggestion}${list}`, source.locate([...path, key], true), formatPath([...path, key]));
  }
  if (error.keyword === "cfoRegex") {
    const field = (error.params as { field: string }).field;
    return new CfoError(error.message ?? "invalid regular expression", source.locate([...path, field]), formatPath([...path, field]));
  }
  return new CfoError(describe(error), source.locate(path), formatPath(path) || "(top level)");
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(error.data)}`;
    case "type":
      return `must be ${String(params.type)}, got ${JSON.stringify(error.data)}`;
    case "required":
      return `missing required key "${String(params.missingProperty)}"`;
    default:
      return `${error.message ?? "is invalid"}${error.data !== undefined && typeof error.data !== "object" ? `, got ${JSON.stringify(error.data)}` : ""}`;
  }
}

export function pointerToPath(pointer: string): KeyPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

export function formatPath(path: KeyPath): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}
