// mobx@7.1.3 cases: reactive state through observables and derivations, the TypeScript sources shipped under src/.
// Its modules import each other through the src/internal.ts barrel, so a type error rarely names the module at fault.
import { type PackageSpec, tsconfigFor } from "../spec.ts";

export const mobx: PackageSpec = {
  name: "mobx",
  version: "7.1.3",
  licence: "MIT",
  slug: "mobx",
  keep: ["src", "package.json", "LICENSE", "README.md", "CHANGELOG.md"],
  // mobx's own build is not noImplicitAny; without DOM typings the timers come from types/env.d.ts.
  tsconfig: tsconfigFor(["src"], { lib: ["ESNext"], noImplicitAny: false, noImplicitThis: false }),
  env: [
    "declare const process: { env: { NODE_ENV?: string; [key: string]: string | undefined } };",
    "declare function setTimeout(handler: () => void, ms?: number): unknown;",
    "declare function clearTimeout(handle: unknown): void;",
    "declare const console: { warn(...args: unknown[]): void; error(...args: unknown[]): void; log(...args: unknown[]): void };",
    "",
  ].join("\n"),
  cases: [
    {
      id: "mobx-01",
      title: "IDerivationState_.STALE_ renamed at its declaration only",
      tool: "tsc",
      edits: [{ file: "src/core/derivation.ts", find: "    STALE_ = 2\n", replace: "    OUTDATED_ = 2\n" }],
      expect: "STALE_",
    },
    {
      id: "mobx-02",
      title: "IDerivation.onBecomeStale_ renamed in derivation.ts; implementers and callers elsewhere break",
      tool: "tsc",
      edits: [
        { file: "src/core/derivation.ts", find: "    onBecomeStale_(): void\n", replace: "    markStale_(): void\n" },
        { file: "src/core/derivation.ts", find: "        derivation.onBecomeStale_()\n", replace: "        derivation.markStale_()\n" },
      ],
      expect: "onBecomeStale_",
    },
    {
      id: "mobx-03",
      title: "createAction's autoAction parameter lost its default; two-argument callers break",
      tool: "tsc",
      edits: [{ file: "src/core/action.ts", find: "    autoAction: boolean = false,\n    ref?: Object\n", replace: "    autoAction: boolean,\n    ref?: Object\n" }],
      expect: "TS2554",
    },
    {
      id: "mobx-04",
      title: "getFlag returns the masked number instead of a boolean",
      tool: "tsc",
      edits: [{ file: "src/utils/utils.ts", find: "    return !!(flags & mask)\n", replace: "    return flags & mask\n" }],
      noise: [{ file: "README.md", find: "# MobX", replace: "# MobX\n\n<!-- build badges are rendered by the docs site -->" }],
      expect: "TS2322",
    },
    {
      id: "mobx-05",
      title: "Atom.diffValue returns the raw flag",
      tool: "tsc",
      edits: [{ file: "src/core/atom.ts", find: "        return getFlag(this.flags_, AtomFlags.diffValue) ? 1 : 0\n", replace: "        return getFlag(this.flags_, AtomFlags.diffValue)\n" }],
      expect: "src/core/atom.ts",
    },
    {
      id: "mobx-06",
      title: "reaction.ts imports the flag helpers from a misspelled module path",
      tool: "tsc",
      edits: [{ file: "src/core/reaction.ts", find: 'import { getFlag, setFlag } from "../utils/utils"', replace: 'import { getFlag, setFlag } from "../utils/util"' }],
      expect: "TS2307",
    },
    {
      id: "mobx-07",
      title: "ObservableValue.setNewValue_ gains a required notify flag; map and object callers break",
      tool: "tsc",
      edits: [
        { file: "src/types/observablevalue.ts", find: "    setNewValue_(newValue: T) {", replace: "    setNewValue_(newValue: T, notify: boolean) {" },
        { file: "src/types/observablevalue.ts", find: "            this.setNewValue_(newValue)\n", replace: "            this.setNewValue_(newValue, true)\n" },
      ],
      expect: "TS2554",
    },
    {
      id: "mobx-08",
      title: "ObservableMap.has_ returns the stored value instead of a boolean",
      tool: "tsc",
      edits: [{ file: "src/types/observablemap.ts", find: "    private has_(key: K): boolean {\n        return this.data_.has(key)", replace: "    private has_(key: K): boolean {\n        return this.data_.get(key)" }],
      expect: "src/types/observablemap.ts",
    },
  ],
};
