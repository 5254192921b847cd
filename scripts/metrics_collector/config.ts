// The `metrics:` section of the configuration (schemas/config/metrics.schema.json).

import type { CustomMetricDefinition } from "../lib/config/types.ts";

export interface MetricsConfig {
  custom: CustomMetricDefinition[];
}
