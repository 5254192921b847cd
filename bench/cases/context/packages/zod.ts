// zod@4.6.7 cases: schema validation, the TypeScript sources shipped under src/ (v3, v4 core/classic/mini, locales).
// Many modules share a name (schemas.ts, checks.ts, errors.ts, parse.ts in several folders), which makes paths matter.
import { type PackageSpec, processEnv, tsconfigFor } from "../spec.ts";

export const zod: PackageSpec = {
  name: "zod",
  version: "4.6.7",
  licence: "MIT",
  slug: "zod",
  keep: ["src", "package.json", "LICENSE", "README.md"],
  tsconfig: (() => {
    const config = tsconfigFor(["src"]) as { exclude: string[] };
    // The v3 benchmarks need the `benchmark` package, which the published tree does not carry.
    config.exclude.push("src/v3/benchmarks");
    return config;
  })(),
  env: processEnv,
  cases: [
    {
      id: "zod-01",
      title: "email regex no longer allows '+' in the local part",
      tool: "bun-test",
      edits: [{ file: "src/v4/core/regexes.ts", find: "[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@", replace: "[A-Za-z0-9_'\\-]*[A-Za-z0-9_-]@" }],
      expect: "emails are validated",
    },
    {
      id: "zod-02",
      title: "min length check rejects the boundary (> instead of >=)",
      tool: "bun-test",
      edits: [{ file: "src/v4/core/checks.ts", find: "      if (length >= def.minimum) return;", replace: "      if (length > def.minimum) return;" }],
      expect: "min length accepts the boundary",
    },
    {
      id: "zod-03",
      title: "English too_small message wording changed",
      tool: "bun-test",
      edits: [{ file: "src/v4/locales/en.ts", find: "          return `Too small: expected ${issue.origin} to have ${adj}", replace: "          return `Too small: expected ${issue.origin} to contain ${adj}" }],
      expect: "too-short messages are readable",
    },
    {
      id: "zod-04",
      title: "prefixIssues appends the parent key instead of prepending it",
      tool: "bun-test",
      edits: [{ file: "src/v4/core/util.ts", find: "    (iss as any).path.unshift(path);", replace: "    (iss as any).path.push(path);" }],
      noise: [{ file: "src/v4/core/versions.ts", find: "export const version", replace: "// Bumped by the release script.\nexport const version" }],
      expect: "records and tuples",
    },
    {
      id: "zod-05",
      title: "strict objects report unknown keys only when there are two or more",
      tool: "bun-test",
      edits: [{ file: "src/v4/core/schemas.ts", find: "  if (unrecognized.length) {\n    payload.issues.push({\n      code: \"unrecognized_keys\",", replace: "  if (unrecognized.length > 1) {\n    payload.issues.push({\n      code: \"unrecognized_keys\"," }],
      expect: "strict objects reject unknown keys",
    },
    {
      id: "zod-06",
      title: "flattenError treats single-segment paths as form errors",
      tool: "bun-test",
      edits: [{ file: "src/v4/core/errors.ts", find: "    if (sub.path.length > 0) {\n      node<U[]>(fieldErrors", replace: "    if (sub.path.length > 1) {\n      node<U[]>(fieldErrors" }],
      expect: "flattenError groups issues by field",
    },
    {
      id: "zod-07",
      title: "number coercion calls a method that does not exist (the TypeError is swallowed)",
      tool: "bun-test",
      edits: [{ file: "src/v4/core/schemas.ts", find: "        payload.value = Number(payload.value);", replace: "        payload.value = (payload.value as any).toNumber();" }],
      expect: "coercion and enums",
    },
    {
      id: "zod-08",
      title: "discriminated union reads a misspelled property of its cached option map",
      tool: "bun-test",
      edits: [{ file: "src/v4/core/schemas.ts", find: "      const opt = disc.value.get(value as util.Primitive);", replace: "      const opt = (disc as any).values.get(value as util.Primitive);" }],
      expect: "TypeError",
    },
    {
      id: "zod-09",
      title: "ZodDate.min passes its arguments to gte in the wrong order",
      tool: "tsc",
      edits: [{ file: "src/v4/classic/schemas.ts", find: "    inst.min = (value, params) => inst.check(checks.gte(value, params));\n    inst.max = (value, params) => inst.check(checks.lte(value, params));", replace: "    inst.min = (value, params) => inst.check(checks.gte(params, value));\n    inst.max = (value, params) => inst.check(checks.lte(value, params));" }],
      expect: "src/v4/classic/schemas.ts",
    },
    {
      id: "zod-10",
      title: "util.Primitive renamed; schemas that use it break",
      tool: "tsc",
      edits: [{ file: "src/v4/core/util.ts", find: "export type Primitive = string", replace: "export type PrimitiveValue = string" }],
      expect: "Primitive",
    },
    {
      id: "zod-11",
      title: "mini schemas import the parse helpers from a misspelled module",
      tool: "tsc",
      edits: [{ file: "src/v4/mini/schemas.ts", find: 'import * as parse from "./parse.js";', replace: 'import * as parse from "./parser.js";' }],
      expect: "TS2307",
    },
    {
      id: "zod-12",
      title: "_minLength takes a bigint minimum; the classic and mini minLength checks break",
      tool: "tsc",
      edits: [{ file: "src/v4/core/api.ts", find: "export function _minLength(\n  minimum: number,", replace: "export function _minLength(\n  minimum: bigint," }],
      expect: "error TS",
    },
  ],
};
