// A TypeScript plugin with a context collector: context YAML cannot express, computed at build
// time. Here: for a dependency error, the resolved versions of the top-level dependencies from
// `npm ls`, so the model sees what was actually installed. Enable it with
// `plugins: { enable: [plugins/examples/custom-collector.ts] }` in cfo.config.yaml.

import { definePlugin } from "../../scripts/lib/plugin.ts";

export default definePlugin({
  name: "custom-collector-example",
  description: "Installed dependency versions for dependency errors.",
  contextCollectors: [
    ({ projectRoot, categories }) => {
      if (!categories.includes("dependency")) return [];
      const listing = Bun.spawnSync(["npm", "ls", "--depth=0"], { cwd: projectRoot, stderr: "pipe" });
      const text = listing.stdout.toString().trim();
      if (!text) return [];
      return [{ path: "plugin:npm-ls", content: text, type: "dependency", priority: "high", reason: "installed versions for a dependency error" }];
    },
  ],
});
