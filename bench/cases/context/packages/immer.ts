// immer@11.2.10 cases: copy-on-write drafts through proxies, the TypeScript sources shipped under src/.
import { type PackageSpec, processEnv, tsconfigFor } from "../spec.ts";

export const immer: PackageSpec = {
  name: "immer",
  version: "11.2.10",
  licence: "MIT",
  slug: "immer",
  keep: ["src", "package.json", "LICENSE", "readme.md"],
  tsconfig: tsconfigFor(["src"]),
  env: processEnv,
  cases: [
    {
      id: "immer-01",
      title: "is() no longer treats NaN as equal to NaN",
      tool: "bun-test",
      edits: [{ file: "src/utils/common.ts", find: "\t\treturn x !== x && y !== y\n", replace: "\t\treturn false\n" }],
      expect: "assigning equal values keeps the same object",
    },
    {
      id: "immer-02",
      title: "markChanged does not propagate to the parent draft",
      tool: "bun-test",
      edits: [{ file: "src/core/proxy.ts", find: "\t\tstate.modified_ = true\n\t\tif (state.parent_) {\n\t\t\tmarkChanged(state.parent_)\n\t\t}\n", replace: "\t\tstate.modified_ = true\n" }],
      expect: "nested changes share untouched branches",
    },
    {
      id: "immer-03",
      title: "draft Map.set skips preparing its copy",
      tool: "bun-test",
      edits: [{ file: "src/plugins/mapset.ts", find: "\t\t\t\tprepareMapCopy(state)\n\t\t\t\tmarkChanged(state)\n\t\t\t\tstate.assigned_!.set(key, true)\n", replace: "\t\t\t\tmarkChanged(state)\n\t\t\t\tstate.assigned_!.set(key, true)\n" }],
      expect: "maps can be drafted",
    },
    {
      id: "immer-04",
      title: "freeze ignores the deep flag when recursing",
      tool: "bun-test",
      edits: [{ file: "src/utils/common.ts", find: "\t\t\t\tfreeze(value, true)\n", replace: "\t\t\t\tfreeze(value)\n" }],
      noise: [{ file: "src/core/current.ts", find: "export function current<T>(value: Draft<T>): T", replace: "// Snapshots are plain copies: they are never drafts themselves.\nexport function current<T>(value: Draft<T>): T" }],
      expect: "results are frozen deeply",
    },
    {
      id: "immer-05",
      title: "deleteProperty trap no longer deletes from the copy",
      tool: "bun-test",
      edits: [{ file: "src/core/proxy.ts", find: "\t\tif (state.copy_) {\n\t\t\tdelete state.copy_[prop]", replace: "\t\tif (!state.copy_) {\n\t\t\tdelete state.copy_[prop]" }],
      expect: "deleting a property",
    },
    {
      id: "immer-06",
      title: "setAutoFreeze stores a string",
      tool: "tsc",
      edits: [{ file: "src/core/immerClass.ts", find: "\t\tthis.autoFreeze_ = value\n", replace: "\t\tthis.autoFreeze_ = String(value)\n" }],
      expect: "src/core/immerClass.ts",
    },
    {
      id: "immer-07",
      title: "ImmerBaseState.finalized_ renamed; every reader breaks",
      tool: "tsc",
      edits: [{ file: "src/types/types-internal.ts", find: "\tfinalized_: boolean\n", replace: "\tisFinalized_: boolean\n" }],
      expect: "finalized_",
    },
    {
      id: "immer-08",
      title: "die() typed as returning void instead of never",
      tool: "tsc",
      edits: [{ file: "src/utils/errors.ts", find: "export function die(error: number, ...args: any[]): never {", replace: "export function die(error: number, ...args: any[]): void {" }],
      expect: "error TS",
    },
    {
      id: "immer-09",
      title: "loadPlugin renamed in utils/plugins.ts; plugins import it from the internal barrel",
      tool: "tsc",
      edits: [{ file: "src/utils/plugins.ts", find: "export function loadPlugin<", replace: "export function registerPlugin<" }],
      expect: "loadPlugin",
    },
  ],
};
