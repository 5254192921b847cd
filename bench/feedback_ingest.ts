// Ingesting a 10,000-test-case JUnit report (500 suites of 20, 5% failing with stack traces) through
// `feedback_optimizer --ingest-junit` into a fresh store, against the same script's startup (--check)
// measured in the same run. Target: under 1 s end to end.
// Run: bun bench/feedback_ingest.ts

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { machineLoad, measure, row, verdict } from "./feedback_measure.ts";

const TEST_CASES = 10_000;
const SUITE_SIZE = 20;
const RUNS = 5;
const script = resolve(import.meta.dir, "../scripts/feedback_optimizer.ts");

function junitXml(): string {
  const suites: string[] = [];
  for (let suite = 0; suite < TEST_CASES / SUITE_SIZE; suite++) {
    const cases: string[] = [];
    for (let index = 0; index < SUITE_SIZE; index++) {
      const name = `handles case ${index} of module ${suite}`;
      const failing = (suite * SUITE_SIZE + index) % 20 === 7;
      cases.push(
        failing
          ? `      <testcase name="${name}" classname="module${suite}" time="0.004" file="src/module${suite}.test.ts">\n        <failure type="AssertionError" message="expect(received).toBe(expected)&#10;&#10;Expected: ${index}&#10;Received: ${index + 1}">AssertionError: expect(received).toBe(expected)&#10;      at src/module${suite}.test.ts:${index + 3}:14</failure>\n      </testcase>`
          : `      <testcase name="${name}" classname="module${suite}" time="0.001" file="src/module${suite}.test.ts" />`,
      );
    }
    suites.push(`  <testsuite name="src/module${suite}.test.ts" tests="${SUITE_SIZE}" failures="1" time="0.05">\n${cases.join("\n")}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bun test" tests="${TEST_CASES}">\n${suites.join("\n")}\n</testsuites>\n`;
}

const work = mkdtempSync(join(tmpdir(), "cfo-bench-ingest-"));
try {
  const report = join(work, "junit.xml");
  writeFileSync(report, junitXml());
  const cache = join(work, "cache");
  const env = { CFO_CACHE_DIR: cache };
  const startup = await measure([process.execPath, script, "--project-root", work, "--check"], { runs: RUNS, env });
  const ingest = await measure([process.execPath, script, "--project-root", work, "--ingest-junit", report, "--commit", "bench", "--run-id", "RUN", "--strict"], {
    runs: RUNS,
    env,
    before: () => {
      // A fresh store each run: the first ingestion of a report, not a duplicate skip.
      rmSync(cache, { recursive: true, force: true });
    },
  });
  console.log(`JUnit report: ${TEST_CASES} test cases, ${(Bun.file(report).size / 1024 / 1024).toFixed(1)} MB, ${RUNS} runs each`);
  console.log(`machine: ${machineLoad()}`);
  console.log(row("startup peer (--check)", startup));
  console.log(row(`--ingest-junit ${TEST_CASES} cases`, ingest));
  console.log(`ingestion beyond startup: ${(ingest.medianMs - startup.medianMs).toFixed(0)} ms wall, ${(ingest.medianCpuMs - startup.medianCpuMs).toFixed(0)} ms CPU; ratio to startup ${(ingest.medianMs / startup.medianMs).toFixed(2)}x wall`);
  console.log(`target < 1000 ms: wall median ${verdict(ingest.medianMs)}, wall min ${verdict(ingest.minMs)}, CPU ${verdict(ingest.medianCpuMs)}`);
} finally {
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
}
