// Where the toolkit itself lives (schemas, shipped defaults), independent of the current directory,
// and which release it is.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const toolkitRoot = resolve(import.meta.dir, "..", "..");

/** package.json's version: cached results made by another release of the code are not reused. */
export const toolkitVersion = (JSON.parse(readFileSync(resolve(toolkitRoot, "package.json"), "utf8")) as { version: string }).version;
