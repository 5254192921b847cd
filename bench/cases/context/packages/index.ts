// Every package the recall cases are cut from, in build order.
import type { PackageSpec } from "../spec.ts";
import { commander } from "./commander.ts";
import { immer } from "./immer.ts";
import { mobx } from "./mobx.ts";
import { queryCore } from "./query-core.ts";
import { redux } from "./redux.ts";
import { rxjs } from "./rxjs.ts";
import { zod } from "./zod.ts";

export const packages: PackageSpec[] = [redux, queryCore, immer, mobx, rxjs, zod, commander];
