// Where the toolkit itself lives (schemas, shipped defaults), independent of the current directory.

import { resolve } from "node:path";

export const toolkitRoot = resolve(import.meta.dir, "..", "..");
