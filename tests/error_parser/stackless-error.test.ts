// A bare `Error: message` line is a JavaScript crash only when stack frames follow it (config/errors.yaml
// `node.error-with-stack`, scripts/error_parser/stack-proof.ts): without them it is an Actions annotation (an action's
// `core.setFailed`, the runner's own errors) or a CLI's last word (cobra, anyhow), and other rules decide. The excerpts
// come from public threads that are in no benchmark set (bench/data/errors/*.jsonl).

import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeLog } from "../../scripts/error_parser.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { tempDir } from "../helpers/run.ts";

const work = tempDir("cfo-ep-stackless-");
afterAll(work.cleanup);
const loaded = await loadConfig({ projectRoot: work.path, env: { CFO_CACHE_DIR: join(work.path, "cache") } });

async function primaryOf(excerpt: string) {
  const file = join(work.path, "excerpt.log");
  writeFileSync(file, excerpt);
  const analysis = await analyzeLog(loaded, { logPath: file });
  return { summary: analysis.summary, primary: analysis.errors[analysis.summary.primaryError!]!, errors: analysis.errors };
}

const STACKLESS: { name: string; source: string; excerpt: string }[] = [
  {
    name: "an action's core.setFailed message on Actions",
    source: "https://github.com/radius-project/bicep-types-aws/issues/63",
    excerpt: "Run aws-actions/configure-aws-credentials@v4\nError: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers",
  },
  {
    name: "the Actions runner's own error annotations",
    source: "https://github.com/rust-bitcoin/corepc/issues/611",
    excerpt: [
      "Download action repository 'actions/checkout@v4' (SHA:34e114876b0b11c390a56381ad16ebd13914f8d5)",
      "Download action repository 'dtolnay/rust-toolchain@stable' (SHA:29eef336d9b2848a0b548edc03f92a220660cdb8)",
      "Error: An action could not be found at the URI 'https://codeload.github.com/dtolnay/rust-toolchain/tar.gz/29eef336d9b2848a0b548edc03f92a220660cdb8' (8838:29755F:1DF1B5:2618C7:6A1595C3)",
      "Error: Failed to download archive 'https://codeload.github.com/dtolnay/rust-toolchain/tar.gz/29eef336d9b2848a0b548edc03f92a220660cdb8' after 1 attempts.",
    ].join("\n"),
  },
  {
    name: "a cobra CLI's final error (helm)",
    source: "https://github.com/k3s-io/helm-controller/issues/90",
    excerpt: "+ helm_v3 install --namespace longhorn-system longhorn /longhorn.tgz --values /config/values-01_HelmChart.yaml\nError: cannot re-use a name that is still in use",
  },
  {
    name: "a Rust program's anyhow error returned from main, with its causes",
    source: "https://github.com/zkjargon/zkjargon.github.io/issues/24",
    excerpt: [
      "mdbook serve --open",
      "2024-10-14 15:03:11 [INFO] (mdbook::book): Book building has started",
      "2024-10-14 15:03:14 [INFO] (mdbook::book): Running the html backend",
      "2024-10-14 15:03:15 [INFO] (mdbook::book): Running the katex backend",
      '2024-10-14 15:03:15 [INFO] (mdbook::renderer): Invoking the "katex" renderer',
      "Error: Unable to parse the input",
      "",
      "Caused by:",
      "    invalid type: map, expected a tuple of size 2 at line 1 column 1",
    ].join("\n"),
  },
];

describe("`Error: ` without a stack frame is not a crash", () => {
  for (const c of STACKLESS) {
    test(c.name, async () => {
      const { summary, primary, errors } = await primaryOf(c.excerpt);
      expect(summary.category).toBe("unknown");
      expect(primary.patternId).toBe("generic.error");
      expect(primary.message).toStartWith("Error: ");
      expect(errors.filter((error) => error.category === "runtime")).toEqual([]);
    });
  }

  test("Node's report of an uncaught error, its stack frames below it, stays a crash", async () => {
    // https://github.com/testdouble/scripty/issues/121
    const excerpt = [
      "node:internal/child_process:413",
      "    throw errnoException(err, 'spawn');",
      "    ^",
      "",
      "Error: spawn Unknown system error -8",
      "    at ChildProcess.spawn (node:internal/child_process:413:11)",
      "    at spawn (node:child_process:757:9)",
      "    at module.exports (/Users/hardwork/Desktop/www/Agent/node_modules/scripty/lib/run/spawn-script.js:8:17)",
      "    at /Users/hardwork/Desktop/www/Agent/node_modules/scripty/lib/run/index.js:4:27",
      "    at /Users/hardwork/Desktop/www/Agent/node_modules/scripty/node_modules/async/dist/async.js:3883:24",
      "    at replenish (/Users/hardwork/Desktop/www/Agent/node_modules/scripty/node_modules/async/dist/async.js:1014:17)",
      "    at /Users/hardwork/Desktop/www/Agent/node_modules/scripty/node_modules/async/dist/async.js:1019:9",
      "    at eachOfLimit (/Users/hardwork/Desktop/www/Agent/node_modules/scripty/node_modules/async/dist/async.js:1044:24)",
      "    at /Users/hardwork/Desktop/www/Agent/node_modules/scripty/node_modules/async/dist/async.js:1049:16",
      "    at _parallel (/Users/hardwork/Desktop/www/Agent/node_modules/scripty/node_modules/async/dist/async.js:3882:5) {",
      "  errno: -8,",
      "  code: 'Unknown system error -8',",
      "  syscall: 'spawn'",
      "}",
    ].join("\n");
    const { summary, primary } = await primaryOf(excerpt);
    expect(summary.category).toBe("runtime");
    expect(primary).toMatchObject({ patternId: "node.error-with-stack", tool: "node", message: "Error: spawn Unknown system error -8" });
  });
});
