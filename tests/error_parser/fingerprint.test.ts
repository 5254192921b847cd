// Fingerprints: the same failure in two runs matches, different failures do not. Messages come from real CI
// logs (LogChunks Travis builds, named by build id, and the example project's logs).

import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fingerprint, template } from "../../scripts/error_parser/fingerprint.ts";

const root = join(import.meta.dir, "../..");
const logchunks = join(root, "../shared/corpora/logchunks");

/** Pairs of messages printed by two runs of the same failure. */
const sameFailure: [string, string, string][] = [
  ["go test durations (getlantern/lantern 533946484, 548427808)",
    "--- FAIL: TestParallelPreferChained (2.72s)", "--- FAIL: TestParallelPreferChained (2.62s)"],
  ["jest durations inside ANSI colours (postcss/autoprefixer 460085832, 474577649)",
    "FAIL \x1b[39m\x1b[22m\x1b[27m\x1b[0m \x1b[2mtest/\x1b[22m\x1b[1mautoprefixer.test.js\x1b[22m (\x1b[0m\x1b[1m\x1b[41m11.408s\x1b[49m\x1b[22m\x1b[0m)",
    "FAIL \x1b[39m\x1b[22m\x1b[27m\x1b[0m \x1b[2mtest/\x1b[22m\x1b[1mautoprefixer.test.js\x1b[22m (\x1b[0m\x1b[1m\x1b[41m11.3s\x1b[49m\x1b[22m\x1b[0m)"],
  ["temp paths (git/git 564416725, 565692415)",
    "+t/trace_schema_validator/trace_schema_validator --trace2_event_file=/tmp/tmp.7muyWDlizz --schema_file=t/trace_schema_validator/strict_schema.json --progress=10",
    "+t/trace_schema_validator/trace_schema_validator --trace2_event_file=/tmp/tmp.J90LRjpRsY --schema_file=t/trace_schema_validator/strict_schema.json --progress=10"],
  ["timestamps (twbs/bootstrap 566522647, 566876747)",
    'ERROR 2019/08/01 15:12:45 [en] REF_NOT_FOUND: Ref "/docs/4.3/getting-started/introduction"',
    'ERROR 2019/08/02 10:08:16 [en] REF_NOT_FOUND: Ref "/docs/4.3/getting-started/introduction"'],
  ["sizes (postcss/autoprefixer 462651213, 547185725)",
    "Package size limit has exceeded by 934 B\x1b[39m", "Package size limit has exceeded by 4.72 KB\x1b[39m"],
  ["line numbers in a stack frame, checkout dir on another CI (electron/electron 303144317)",
    "at Object.<anonymous> (/home/travis/build/electron/electron/node_modules/ajv/lib/compile/resolve.js:4:13)",
    "at Object.<anonymous> (/home/runner/work/electron/electron/node_modules/ajv/lib/compile/resolve.js:5:21)"],
  ["tsc position (angular/angular 499899891)",
    "../../../tools/examples/shared/node_modules/@types/jasmine/index.d.ts(142,47): error TS1005: ';' expected.",
    "../../../tools/examples/shared/node_modules/@types/jasmine/index.d.ts(150,3): error TS1005: ';' expected."],
  ["hex addresses and pids (bitcoin/bitcoin 567144565)",
    "==30799==ERROR: AddressSanitizer: heap-use-after-free on address 0x61b000080607 at pc 0x555888669d4c bp 0x7f3822083810 sp 0x7f3822083808",
    "==4121==ERROR: AddressSanitizer: heap-use-after-free on address 0x61b00007ff07 at pc 0x55d1e8a69d4c bp 0x7ffc1a2b3810 sp 0x7ffc1a2b3808"],
  ["a hash in a build dir (BurntSushi/ripgrep 524197508)",
    "configure: error: in `/home/travis/build/BurntSushi/ripgrep/target/i686-unknown-linux-musl/debug/build/jemalloc-sys-754a2cc36ac04a65/out/build':",
    "configure: error: in `/home/travis/build/BurntSushi/ripgrep/target/i686-unknown-linux-musl/debug/build/jemalloc-sys-0b1e5c77d2a9f310/out/build':"],
  ["GitHub Actions timestamps",
    "2024-01-15T10:11:12.1234567Z ##[error]Process completed with exit code 1.",
    "2024-03-02T08:00:59.7654321Z ##[error]Process completed with exit code 2."],
  ["UUIDs, IPs and ports",
    "request 3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b to 10.1.0.4:5432 timed out after 30000ms",
    "request 7c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5 to 10.1.0.17:6543 timed out after 29999ms"],
  ["Windows temp dirs",
    "C:\\Users\\runneradmin\\AppData\\Local\\Temp\\xfs-1a2b3c\\build.log: error MSB3073: The command exited with code 9009.",
    "C:\\Users\\build\\AppData\\Local\\Temp\\xfs-9f8e7d\\build.log: error MSB3073: The command exited with code 9009."],
];

/** Pairs that name different failures and must keep different fingerprints. */
const differentFailures: [string, string, string][] = [
  ["tsc error codes",
    "src/invoice.ts(59,46): error TS2345: Argument of type 'number' is not assignable to parameter of type 'Money'.",
    "src/invoice.ts(59,46): error TS2322: Type 'number' is not assignable to type 'Money'."],
  ["missing modules (electron/electron 303144317, 303140404)",
    "Error: Cannot find module 'fast-deep-equal'", "Error: Cannot find module './db.json'"],
  ["dotted module names are not hosts",
    "Error: Cannot find module 'socket.io'", "Error: Cannot find module 'engine.io'"],
  ["tests (getlantern/lantern 533946484)",
    "--- FAIL: TestParallelPreferChained (2.72s)", "--- FAIL: TestChainedThenFronted (4.57s)"],
  ["expected tokens (angular/angular 499899891)",
    "index.d.ts(142,47): error TS1005: ';' expected.", "index.d.ts(142,90): error TS1005: '(' expected."],
  ["rustc codes in brackets",
    "error[E0425]: cannot find value `CURSOR` in this scope", "error[E0433]: cannot find value `CURSOR` in this scope"],
  ["Java test classes (square/retrofit 484944937, 553410971)",
    "requireFullResponseDocumentConsumption(retrofit2.converter.moshi.MoshiConverterFactoryTest)  Time elapsed: 0.228 sec  <<< ERROR!",
    "requireFullResponseDocumentConsumption(retrofit2.converter.gson.GsonConverterFactoryTest)  Time elapsed: 0.017 sec  <<< ERROR!"],
  ["files named in a project-relative path",
    "src/rabbit_vhost.erl:91: field description undefined in record vhost", "src/rabbit_queue.erl:91: field description undefined in record vhost"],
  ["compiler flags keep their values (purescript/purescript 574008409)",
    "src/Language/PureScript/Suggest.hs:8:1: error: [-Wunused-imports, -Werror=unused-imports]",
    "src/Language/PureScript/Suggest.hs:8:1: error: [-Wunused-matches, -Werror=unused-matches]"],
  ["files named like hosts (syl20bnr/spacemacs 423196972)",
    "diff --git a/layers/+lang/elm/README.org b/layers/+lang/elm/README.org", "diff --git a/EXPERIMENTAL.org b/EXPERIMENTAL.org"],
  ["URL paths name what was fetched (twbs/bootstrap 565973566)",
    "[404] http://localhost:5710/docs/4.3/dist/js/bootstrap.bundle.js", "[404] http://localhost:5710/docs/4.3/dist/css/bootstrap.min.css"],
];

describe("fingerprint", () => {
  test.each(sameFailure)("matches across runs: %s", (_name, a, b) => {
    expect(template(a)).toBe(template(b));
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  test.each(differentFailures)("keeps apart: %s", (_name, a, b) => {
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });

  test("is 16 hex digits and depends only on the message", () => {
    const message = "Error: Cannot find module 'fast-deep-equal'";
    expect(fingerprint(message)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(message)).toBe(fingerprint(message));
  });

  test("templates stay readable: names kept, values masked", () => {
    expect(template("--- FAIL: TestParallelPreferChained (2.72s)")).toBe("--- FAIL: TestParallelPreferChained (<*>)");
    expect(template("    at Object.<anonymous> (/home/runner/work/app/app/test/x.test.js:12:5)"))
      .toBe("at Object.<anonymous> (test/x.test.js:<*>)");
    expect(template("npm ERR! request to https://registry.npmjs.org/left-pad failed, reason: connect ETIMEDOUT 104.16.22.35:443"))
      .toBe("npm ERR! request to <*>/left-pad failed, reason: connect ETIMEDOUT <*>");
  });

  test("a pathological line is bounded in time", () => {
    const line = `x${"a-".repeat(500_000)}`;
    const started = performance.now();
    fingerprint(line);
    expect(performance.now() - started).toBeLessThan(200);
  });

  test("bun test result lines of the example logs: one fingerprint per test, whatever the duration", () => {
    const results = readFileSync(join(root, "examples/logs/test-failure.log"), "utf8")
      .split("\n")
      .filter((l) => /^\((pass|fail)\) .+ \[[\d.]+ms\]$/.test(l));
    expect(results.length).toBeGreaterThan(10);
    const tests = new Set(results.map((l) => l.replace(/ \[[\d.]+ms\]$/, "")));
    expect(new Set(results.map(fingerprint)).size).toBe(tests.size);
    for (const line of results) expect(fingerprint(line.replace(/\[[\d.]+ms\]$/, "[123.45ms]"))).toBe(fingerprint(line));
  });
});

describe.skipIf(!existsSync(logchunks))("fingerprint on LogChunks build logs", () => {
  /** Two failed builds of one repository, a few days apart, as the CI printed them. */
  function readLog(path: string): string[] {
    return new TextDecoder().decode(Bun.gunzipSync(readFileSync(join(logchunks, "logs", path)))).split("\n");
  }

  test("two runs of one repository share far more templates than raw lines", () => {
    const a = readLog("Go/getlantern@lantern/failed/533946484.log.gz");
    const b = readLog("Go/getlantern@lantern/failed/548427808.log.gz");
    const shared = (xs: string[], ys: string[]) => {
      const other = new Set(ys);
      return xs.filter((x) => other.has(x)).length / xs.length;
    };
    const rawShare = shared(a, b);
    const templateShare = shared(a.map(template), b.map(template));
    expect(templateShare).toBeGreaterThan(rawShare + 0.1);
  });

  test("the labeled failure chunks of one repository keep one fingerprint across builds", () => {
    const firstLine = (id: number) => {
      const label = readFileSync(join(logchunks, "labels.jsonl"), "utf8").split("\n").find((l) => l.includes(`"build_id": ${id},`));
      return (JSON.parse(label!) as { chunk: string }).chunk.trim().split("\n")[0]!;
    };
    expect(fingerprint(firstLine(534204380))).toBe(fingerprint(firstLine(534211385)));
    expect(fingerprint(firstLine(572773115))).toBe(fingerprint(firstLine(572968583)));
  });
});
