// Every package the recall cases are cut from, in build order, in two sets: the npm trees (TypeScript and
// JavaScript, the development set) and the Debian trees in other languages (Python, Go, Rust; needs apt and the tools).
import type { PackageSpec } from "../spec.ts";
import { attrs } from "./attrs.ts";
import { click } from "./click.ts";
import { commander } from "./commander.ts";
import { goCmp } from "./go-cmp.ts";
import { immer } from "./immer.ts";
import { mobx } from "./mobx.ts";
import { pflag } from "./pflag.ts";
import { queryCore } from "./query-core.ts";
import { redux } from "./redux.ts";
import { rxjs } from "./rxjs.ts";
import { semver } from "./semver.ts";
import { zod } from "./zod.ts";

export const packageSets: Record<string, PackageSpec[]> = {
  npm: [redux, queryCore, immer, mobx, rxjs, zod, commander],
  languages: [click, attrs, goCmp, pflag, semver],
};
