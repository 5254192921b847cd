// A failure that no error explains is told by the retry warnings the tool printed just before it gave up
// (scripts/error_parser/unexplained.ts `warnedCause`), with the cause's own retry default; a retry that recovered
// explains nothing after it. The excerpts come from public threads that are in no benchmark set
// (bench/data/errors/*.jsonl).

import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeLog } from "../../scripts/error_parser.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { tempDir } from "../helpers/run.ts";

const work = tempDir("cfo-ep-retry-warnings-");
afterAll(work.cleanup);
const loaded = await loadConfig({ projectRoot: work.path, env: { CFO_CACHE_DIR: join(work.path, "cache") } });

async function analyze(lines: string[]) {
  const file = join(work.path, "excerpt.log");
  writeFileSync(file, lines.join("\n"));
  const analysis = await analyzeLog(loaded, { logPath: file });
  const primary = analysis.summary.primaryError === null ? undefined : analysis.errors[analysis.summary.primaryError];
  return { summary: analysis.summary, primary };
}

const pipRetry = (total: number, cause: string, path: string) =>
  `WARNING: Retrying (Retry(total=${total}, connect=None, read=None, redirect=None, status=None)) after connection broken by '${cause}': ${path}`;

// pdm-project/pdm#2914: pip's retry of a read timeout that recovered (the download follows).
const RECOVERED_PIP_RETRY = [
  "Collecting text-unidecode>=1.3 (from python-slugify>=4.0.0->cookiecutter)",
  `  ${pipRetry(4, `ReadTimeoutError("HTTPSConnectionPool(host='xxx.xxx.xxx.com', port=443): Read timed out. (read timeout=15)")`, "/repository/pypi-proxy/packages/text-unidecode/1.3/text_unidecode-1.3-py2.py3-none-any.whl")}`,
  "  Downloading https://xxx.xxx.xxx.com/repository/pypi-proxy/packages/text-unidecode/1.3/text_unidecode-1.3-py2.py3-none-any.whl (78 kB)",
  "     ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 78.2/78.2 kB 623.1 kB/s eta 0:00:00",
];

describe("retry warnings name the cause of an otherwise unexplained failure", () => {
  test("pip's connect timeouts to PyPI, where the excerpt ends", async () => {
    // https://github.com/pypa/pip/issues/7849
    const { summary, primary } = await analyze(
      ["0x7f398570bf98", "0x7f3985726dd8", "0x7f3985726d68"].map((address, i) =>
        pipRetry(4 - i, `ConnectTimeoutError(<pip._vendor.urllib3.connection.VerifiedHTTPSConnection object at ${address}>, 'Connection to pypi.org timed out. (connect timeout=15)')`, "/simple/pandas/"),
      ),
    );
    expect(summary.category).toBe("network");
    expect(summary.retryRecommended).toBe(true);
    expect(primary?.logLines).toEqual([1, 3]);
  });

  test("podman's retry on a TLS handshake timeout before a bare `Error:` (a CI flake)", async () => {
    // https://github.com/podman-container-tools/podman/issues/14864
    const { summary, primary } = await analyze([
      "Running: podman [options] pull registry.access.redhat.com/ubi8-init",
      "Trying to pull registry.access.redhat.com/ubi8-init:latest...",
      'time="2022-07-07T18:22:15-05:00" level=warning msg="Failed, retrying in 1s ... (1/3). Error: copying system image from manifest list: determining manifest MIME type for docker://registry.access.redhat.com/ubi8-init:latest: Get \\"https://registry.access.redhat.com/v2/ubi8-init/manifests/sha256:aaa17f9f2c8c628601688a830df297bf3548236efd7095b6448247bd759aed50\\": net/http: TLS handshake timeout"',
      "Error: initializing source docker://registry.access.redhat.com/ubi8-init:latest: can't talk to a V1 container registry",
    ]);
    expect(summary.category).toBe("network");
    expect(summary.retryRecommended).toBe(true);
    // The warning and the error the tool gave up with are one report.
    expect(primary?.logLines).toEqual([3, 4]);
  });

  test("a certificate that fails verification is network, but not retried (its pattern's default)", async () => {
    // https://github.com/pypi/warehouse/issues/3395
    const { summary, primary } = await analyze([
      "Collecting pip",
      ...[4, 3, 2, 1, 0].map((total) => `  ${pipRetry(total, "SSLError(SSLError(1, u'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:581)'),)", "/simple/pip/")}`),
    ]);
    expect(summary.category).toBe("network");
    expect(summary.retryRecommended).toBe(false);
    expect(primary?.patternId).toBe("net.tls");
  });
});

describe("a retry that recovered explains nothing after it", () => {
  test("a test failure after the recovered download is still the test failure", async () => {
    // The recovered retry above, then pytest's failure report from https://github.com/pytest-dev/pygments-pytest/issues/18
    // (its OBS build-time prefix `[   28s] ` left out).
    const { summary } = await analyze([
      ...RECOVERED_PIP_RETRY,
      ">       assert False",
      "E       assert False",
      "",
      "f.py:3: AssertionError",
      "=========================== short test summary info ============================",
      "FAILED f.py::test - assert False",
      "============================== 1 failed in 0.02s ===============================",
    ]);
    expect(summary.category).toBe("test");
    expect(summary.retryRecommended).toBe(false);
  });

  test("a step that fails without a word after the recovered download stays unexplained", async () => {
    // The recovered retry above, then the Actions runner's exit line.
    const { summary, primary } = await analyze([...RECOVERED_PIP_RETRY, "Error: Process completed with exit code 1."]);
    expect(summary.category).toBe("unknown");
    expect(summary.retryRecommended).toBe(false);
    expect(primary?.patternId).toBe("heuristic.failure-tail");
  });
});
