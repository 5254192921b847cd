// Which error is the primary cause and which lines each error covers: the shipped patterns and the
// extractor run on small Travis and pytest logs shaped like the LogChunks failures they generalise.

import { describe, expect, test } from "bun:test";
import { lines, shippedAnalyzer } from "./analyze-lines.ts";

const analyze = shippedAnalyzer();

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

  test("an error of another kind later in the run does not displace the run's first failure", () => {
    const { primary } = analyze(
      lines(
        "$ make test",
        "not ok 3 - url.parse keeps the port",
        "  AssertionError: expected 80 to equal 8080",
        "      at Test.run (test/url.js:12:3)",
        ...Array.from({ length: 120 }, (_, i) => `ok ${i + 4} - case ${i}`),
        "not ok 124 - https.get keeps the connection",
        "  Error: socket hang up ECONNRESET",
        "# tests 124",
        "# fail 2",
        'The command "make test" exited with 2.',
      ),
    );
    // The assertion is why the run fails (a re-run fails it again), not the connection reset next to the exit line.
    expect(primary).toMatchObject({ first: 2, last: 4, match: { category: "test" } });
  });

  test("a heading every failure repeats (minitest's `Error:`) stands for the first failure, not the last", () => {
    const { primary } = analyze(
      lines(
        "$ bin/test",
        "# Running:",
        "",
        "..E..E",
        "",
        "Error:",
        "InsertAllTest#test_insert_all:",
        "ArgumentError: does not support skipping duplicates",
        "    /app/lib/insert_all.rb:80:in `check!'",
        "",
        "rails test test/cases/insert_all_test.rb:146",
        "",
        ...Array.from({ length: 12 }, (_, i) => `-- create_table(:books_${i})`),
        "Error:",
        "InsertAllTest#test_upsert_all:",
        "Sequel::Rollback",
        "    /app/lib/insert_all.rb:91:in `upsert'",
        "",
        "6 runs, 12 assertions, 0 failures, 2 errors, 0 skips",
        'The command "bin/test" exited with 1.',
      ),
    );
    // Every failing test prints the same `Error:` heading: its later occurrences are other tests, not repeats.
    expect(primary).toMatchObject({ first: 6, last: 9, match: { category: "test" } });
  });

  test("a failure marked inline and repeated in detail at the end (xcpretty) is reported by its detail", () => {
    const reason = "testExpiredCertificateSucceeds, Asynchronous wait failed: Exceeded timeout of 10 seconds";
    const { primary } = analyze(
      lines(
        "$ xcodebuild test | xcpretty",
        "TLSEvaluationTestCase",
        "    ✓ testOne (0.041 seconds)",
        `    ✗ ${reason}`,
        ...Array.from({ length: 30 }, (_, i) => `    ✓ testCase${i} (0.043 seconds)`),
        "",
        "",
        "AlamofireTests.TLSEvaluationTestCase",
        `  ${reason}`,
        "  /Users/travis/build/o/r/Tests/TLSEvaluationTests.swift:384",
        "  ```",
        "        waitForExpectations(timeout: timeout)",
        "  ```",
        "",
        "",
        "\t Executed 32 tests, with 1 failure (0 unexpected) in 34.842 (35.987) seconds",
        'The command "xcodebuild test | xcpretty" exited with 65.',
      ),
    );
    // The detail names the file and line; it keeps the inline mark's classification.
    expect(primary).toMatchObject({ first: 37, match: { category: "test" } });
  });

  test("a heading that announces a list (`There were 2 errors:`) covers the list down to the next report line", () => {
    const item = (n: number) => [`${n}) Composer\\Test\\RepositoryTest::testCanonicalizeUrl with data set #${n}`, "Argument 4 passed to Repository::__construct() must be an instance of HttpDownloader, none given", "", "/app/src/Repository.php:71", ""];
    const { primary } = analyze(
      lines(
        "$ ./run-suites.sh",
        "Time: 2.03 seconds, Memory: 31.00MB",
        "",
        "There were 2 errors:",
        "",
        ...item(1),
        ...item(2),
        "FAILED tests/Composer/Test/Repository",
        "Running tests/Composer/Test/Util tests",
        ...Array.from({ length: 60 }, () => "..............................................................."),
        'The command "./run-suites.sh" exited with 1.',
      ),
    );
    // The items hold no error keyword; the runner's `FAILED` verdict for the suite ends the list.
    expect(primary).toMatchObject({ first: 4, last: 15 });
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

describe("lines around the error that belong to it", () => {
  test("sbt's verdict on the failed task, under the same `[error]` prefix, closes the compiler's report", () => {
    const { primary } = analyze(
      lines(
        "$ sbt compile",
        "[error] /app/src/main/scala/Main.scala:3:5: not found: value x",
        "[error]     x + 1",
        "[error]     ^",
        "[error] one error found",
        "[error] (Compile / compileIncremental) Compilation failed",
        "[error] Total time: 12 s, completed Aug 2, 2019 7:27:52 AM",
        'The command "sbt compile" exited with 1.',
      ),
    );
    expect(primary).toMatchObject({ first: 2, last: 7, match: { category: "syntax" } });
  });

  test("a linter's per-file heading and a linker's `In function` line above the error are part of it", () => {
    const stylelint = analyze(lines("$ stylelint normalize.css", "", "normalize.css", "429:1\tUnexpected missing newline at end of file (no-missing-eof-newline)", 'The command "stylelint normalize.css" exited with 2.'));
    expect(stylelint.primary).toMatchObject({ first: 3, last: 4 });
    const linker = analyze(lines("$ make", "cc -o vis vis.o", "/tmp/ccHp5IXX.o: In function `build_values':", "vis-lua.c:(.text+0x1b2): undefined reference to `lua_newtable'", "collect2: error: ld returned 1 exit status", 'The command "make" exited with 2.'));
    expect(linker.primary!.first).toBe(3);
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
