// A TypeScript plugin with a metric collector: code for a reading YAML cannot express. Each
// collector returns named gauges, recorded as `<collector>.<name>` when the run is closed.
// Enable it with `plugins: { enable: [plugins/examples/custom-metric-collector.ts] }`.

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { definePlugin } from "../../scripts/lib/plugin.ts";

/** Size of the files directly in `dir`, in MB (0 when it does not exist). */
function folderMb(dir: string): number {
  try {
    return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) / 2 ** 20;
  } catch {
    return 0;
  }
}

export default definePlugin({
  name: "custom-metric-collector-example",
  description: "Size of the cfo cache databases, to watch their growth between --cleanup runs.",
  metricCollectors: {
    cache: () => ({
      metrics_db_mb: folderMb(".github/cache/metrics"),
      errors_db_mb: folderMb(".github/cache/errors"),
      context_db_mb: folderMb(".github/cache/context"),
    }),
  },
});
