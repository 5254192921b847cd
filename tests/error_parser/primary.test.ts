// Which error is the primary cause and which lines each error covers: the shipped patterns and the
// extractor run on small Travis and pytest logs shaped like the LogChunks failures they generalise.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { loadConfig, type LoadedConfig } from "../../scripts/lib/config/load.ts";
import { ErrorClassifier } from "../../scripts/error_parser/classifier.ts";
import { ErrorExtractor } from "../../scripts/error_parser/extract.ts";
import { choosePrimary } from "../../scripts/error_parser/primary.ts";
import { tempDir } from "../helpers/run.ts";

const project = tempDir("cfo-ep-primary-");
afterAll(project.cleanup);
let loaded: LoadedConfig;
beforeAll(async () => {
  loaded = await loadConfig({ projectRoot: project.path });
});

/** Every error's [first, last] log lines, and the primary's index. */
function analyze(log: string, settings: Partial<LoadedConfig["config"]["errors"]> = {}) {
  const extractor = new ErrorExtractor(ErrorClassifier.fromConfig(loaded), { ...loaded.config.errors, ...settings });
  log.split("\n").forEach((text, index) => extractor.push(index + 1, text));
  const { errors, primary } = choosePrimary(extractor.finish());
  return { ranges: errors.map((error) => [error.first, error.last]), primary: primary === null ? null : errors[primary]!, errors };
}

const lines = (...text: string[]) => text.join("\n");

describe("the failing step", () => {
  test("an error in an earlier step that went on is neither the cause nor reported", () => {
    const { primary, errors } = analyze(
      lines(
        "$ casher fetch",
        "fetching master/cache.tgz",
        "could not download cache",
        "$ yarn test",
        "  Package size limit has exceeded by 4.72 KB",
        "  Size limit:   110 KB",
        "",
        '  Try to reduce size or increase limit in "size-limit" section of package.json',
        'The command "yarn test" exited with 1.',
      ),
    );
    expect(errors.map((error) => error.message)).not.toContain("could not download cache");
    // No pattern explains it: the step's last lines, across one blank line to the short closing paragraph.
    expect(primary).toMatchObject({ first: 5, last: 8, match: { category: "unknown" } });
  });

  test("a Travis command that spans lines still marks where the step failed", () => {
    const { primary } = analyze(
      lines(
        "$ script/lint && script/build",
        "src/registry.js:636 Insert `;` (prettier/prettier)",
        'The command "script/lint && script/build',
        '" exited with 1.',
        "$ artifacts upload",
        "ERROR: failed to upload: out/atom.tar.gz",
      ),
    );
    // No pattern knows this lint line: the step's last output before the failure stands for it.
    expect(primary!.first).toBe(2);
    expect(primary!.last).toBeLessThan(5);
  });

  test("an error after the failure is its reason only within the same step, never the after_failure step's", () => {
    const { primary } = analyze(
      lines(
        "$ npm test",
        "pages/sphinx-build.md: 12: MD040/fenced-code-language Fenced code blocks should have a language specified",
        'The command "npm test" exited with 1.',
        "$ python scripts/send_to_bot.py < test_result",
        "/home/travis/.travis/functions: line 104: test_result: No such file or directory",
      ),
    );
    expect(primary).toMatchObject({ first: 2, last: 2 });
  });

  test("with more distinct errors than the cap, the ones nearest the failure are kept", () => {
    const probes = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike", "november"];
    const noise = probes.map((name) => `error: probe ${name} went wrong`);
    const log = lines("$ ./run-tests.sh", ...noise.flatMap((text) => [text, "next probe"]), "FATAL: the real cause", 'The command "./run-tests.sh" exited with 1.');
    const { errors } = analyze(log, { maxErrors: 10 });
    const messages = errors.map((error) => error.message);
    expect(messages.length).toBeLessThanOrEqual(10);
    expect(messages).toContain(noise[0]!);
    expect(messages).toContain(noise.at(-1)!);
    expect(messages).toContain("FATAL: the real cause");
    expect(messages).not.toContain(noise[6]!);
  });
});

describe("a report's extent", () => {
  test("a one-line heading is the cause and its range covers the report under it", () => {
    const { primary } = analyze(
      lines(
        "$ pytest",
        "tests/test_a.py::test_ok PASSED",
        "==================================== ERRORS ====================================",
        "____ ERROR at setup of test_get_new_command ____",
        "file tests/rules/test_nix.py, line 21",
        "E       fixture 'packages' not found",
        "=================================== FAILURES ===================================",
        "_________________________________ test_readme __________________________________",
        "    def test_readme():",
        ">       assert 1 == 2",
        "E       assert 1 == 2",
        "tests/test_readme.py:4: AssertionError",
        'The command "pytest" exited with 1.',
      ),
    );
    expect(primary).toMatchObject({ first: 3 });
    expect(primary!.last).toBeGreaterThanOrEqual(12);
  });

  test("the code excerpt and location above a caret belong to the error below it", () => {
    const { primary } = analyze(
      lines(
        "$ gulp build",
        "/home/travis/build/o/r/gulp-tasks/serve.js:31",
        "    console.log(`Serving @ ${address.port}`, );",
        "                                             ^",
        "",
        "SyntaxError: Unexpected token )",
        "    at createScript (vm.js:56:10)",
        'The command "gulp build" exited with 1.',
      ),
    );
    expect(primary).toMatchObject({ first: 2, last: 7, match: { category: "syntax" } });
  });

  test("a test framework's verdict line points back at the failure it follows", () => {
    const { primary } = analyze(
      lines(
        "$ make test",
        "- - - - - - - - - - - - - - - - - - - -",
        "inet_SUITE:t_gethostnative failed on line 696",
        "Reason: case_clause",
        "- - - - - - - - - - - - - - - - - - - -",
        "",
        "Testing tests.kernel_test.inet_SUITE.cases: *** FAILED test case 5 of 6 ***",
        'The command "make test" exited with 2.',
      ),
    );
    expect(primary!.first).toBeLessThanOrEqual(3);
    expect(primary!.last).toBeGreaterThanOrEqual(4);
    expect(primary!.message).toContain("failed on line 696");
  });

  test("a success line that names errors is not one", () => {
    const { errors } = analyze(lines("$ script/lint", "No lint errors!", "$ script/test", "  1) suite renders:", "     Error: timeout of 2000ms exceeded.", 'The command "script/test" exited with 1.'));
    expect(errors.map((error) => error.message)).not.toContain("No lint errors!");
  });
});

describe("a test run's failures", () => {
  const passing = (count: number) => Array.from({ length: count }, (_, i) => [`=== RUN   TestCase${i}`, `--- PASS: TestCase${i} (0.00s)`]).flat();

  test("the run's first failure stands for it, however far below it the later failures and the summary are", () => {
    const { primary } = analyze(
      lines(
        "$ go test -v ./...",
        "=== RUN   TestExec",
        "--- PASS: TestExec (4.03s)",
        "\texec_test.go:87: /home/travis/.byteexec/helloworld",
        "=== RUN   TestParallel",
        "--- FAIL: TestParallel (2.62s)",
        "\tproxied_test.go:126: Unexpected response",
        ...passing(80),
        "--- FAIL: TestChained (4.89s)",
        "\tproxied_test.go:200: Chained failed",
        "FAIL",
        "FAIL\tgithub.com/o/r/proxied\t12.3s",
        'The command "go test -v ./..." exited with 1.',
      ),
    );
    // Not the passing test's own log under its verdict, nor the failure nearest the exit line.
    expect(primary).toMatchObject({ first: 6, last: 7, match: { category: "test" } });
  });

  test("errors printed well before the primary's report are not reported: the step went on past them", () => {
    const probe = "cache probe: connect ECONNREFUSED 127.0.0.1:6379";
    const { errors, primary } = analyze(lines("$ ./run-tests.sh", probe, ...passing(80), "--- FAIL: TestChained (4.89s)", "\tproxied_test.go:200: Chained failed", 'The command "./run-tests.sh" exited with 1.'));
    expect(primary!.message).toBe("--- FAIL: TestChained (4.89s)");
    expect(errors.map((error) => error.message)).not.toContain(probe);
  });

  test("without a failure line, a one-line report heading still covers the report under it", () => {
    const { primary } = analyze(
      lines(
        "=================================== FAILURES ===================================",
        "_________________________________ test_readme __________________________________",
        "    def test_readme():",
        ">       assert 1 == 2",
        "E       assert 1 == 2",
        "tests/test_readme.py:4: AssertionError",
      ),
    );
    expect(primary).toMatchObject({ first: 1, last: 6 });
  });
});

describe("lines that look like the failure but are not", () => {
  test("make's `recipe for target failed` before an error it ignores is not where the step failed", () => {
    const { primary } = analyze(
      lines(
        "$ casher fetch",
        "could not download cache",
        "$ make ct",
        "erlang.mk:5453: recipe for target 'deps/proper' failed",
        "make[1]: [deps/proper] Error 1 (ignored)",
        ...Array.from({ length: 40 }, (_, i) => ` DEP    dependency_${i} (master)`),
        "- - - - - - - - - - - - - - - - - - - -",
        "confirms_SUITE:mixed_queues_reject failed on line 195",
        "Reason: expecting_nack_got_ack",
        "- - - - - - - - - - - - - - - - - - - -",
        "make: *** [ct] Error 1",
        'The command "make ct" exited with 2.',
      ),
    );
    expect(primary!.message).toContain("failed on line 195");
  });

  test("CMake's `-- Could NOT find` status line is an optional package; the `CMake Error` is the failure", () => {
    const { primary } = analyze(
      lines(
        "$ cmake ..",
        "-- Could NOT find Doxygen (missing:  DOXYGEN_EXECUTABLE)",
        "CMake Error at /usr/share/cmake-3.2/Modules/FindPackageHandleStandardArgs.cmake:138 (message):",
        "  Could NOT find Halide (missing: HALIDE_ROOT_DIR HALIDE_LIBRARIES",
        "Call Stack (most recent call first):",
        "  CMakeLists.txt:46 (include)",
        "",
        "-- Configuring incomplete, errors occurred!",
        'The command "cmake .." exited with 1.',
      ),
    );
    expect(primary).toMatchObject({ first: 3, match: { category: "dependency" } });
  });
});
