// The `context:` section of the configuration (schemas/config/context.schema.json).

import type { ContextTypeDefinition } from "../lib/config/types.ts";

export interface ContextConfig {
  types: ContextTypeDefinition[];
}
