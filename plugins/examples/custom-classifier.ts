// Example TypeScript plugin: a classifier for what a regex cannot say. This one reads the exit status
// a custom test harness prints and decides by its value (timeouts are retryable, assertion exits are not).
// Enable it with `plugins: { enable: [plugins/examples/custom-classifier.ts] }` in cfo.config.yaml.

import { definePlugin } from "../../scripts/lib/plugin.ts";

/** The harness's exit statuses and what they mean. */
const HARNESS_EXITS: Record<number, { category: string; retry: boolean }> = {
  3: { category: "test", retry: false },
  4: { category: "timeout", retry: true },
  5: { category: "system", retry: true },
};

export default definePlugin({
  name: "custom-classifier",
  description: "Classifies `harness: exit <n>` lines by the harness's exit status.",
  classifiers: [
    ({ line }) => {
      const status = /^harness: exit (\d+)\b/.exec(line)?.[1];
      const meaning = status === undefined ? undefined : HARNESS_EXITS[Number(status)];
      if (!meaning) return undefined;
      return { id: `harness.exit-${status}`, category: meaning.category, retry: meaning.retry, severity: "high", tool: "harness", message: line };
    },
  ],
});
