// The `errors:` section of the configuration (schemas/config/errors.schema.json).

import type { ErrorPattern } from "../lib/config/types.ts";

export interface ErrorsConfig {
  patterns: ErrorPattern[];
}
