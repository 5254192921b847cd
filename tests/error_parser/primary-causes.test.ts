// Which error is the cause when the failing step printed several: a sanitizer's crash before the test run's
// verdicts, the first attempt of a retried command, a Go subtest under its parent's verdict, a runner's detailed
// repeat of an inline failure, a linter's warnings when it failed on them. Each log is a window of a real
// LogChunks log (its id in a comment), shortened where it says so.

import { describe, expect, test } from "bun:test";
import { lines, shippedAnalyzer } from "./analyze-lines.ts";

const analyze = shippedAnalyzer();

describe("a crash and its consequences", () => {
  test("a sanitizer's report in the failing step is the cause of the test run's and the build's verdicts after it", () => {
    // VimL/neovim@neovim/failed/567659224: lines 4866-4960, then the summary at 6472-6490 (frames and tests left out)
    const { primary } = analyze(
      lines(
        "$ ci/run_tests.sh",
        "[ RUN      ] :Man man.lua: highlight_line() clears backspaces from text and adds highlights: 17.73 ms OK",
        "= ==16563==ERROR: AddressSanitizer: SEGV on unknown address 0x000001d548d0 (pc 0x000000455084 bp 0x000000000000 sp 0x7ffc53357450 T0)",
        "= ==16563==The signal is caused by a WRITE memory access.",
        "=     #0 0x455083 in atomic_compare_exchange_strong<__sanitizer::atomic_uint8_t> /tmp/final/llvm.src/projects/compiler-rt/lib/asan/../sanitizer_common/sanitizer_atomic_clang.h:81:10",
        "= SUMMARY: AddressSanitizer: SEGV /tmp/final/llvm.src/projects/compiler-rt/lib/asan/../sanitizer_common/sanitizer_atomic_clang.h:81:10 in atomic_compare_exchange_strong<__sanitizer::atomic_uint8_t>",
        "= ==16563==ABORTING",
        "test/helpers.lua:156: assertion failed!",
        "",
        "[  ERROR   ] 1 error, listed below:",
        "[  ERROR   ] test/functional/helpers.lua @ 860: after_each",
        "test/helpers.lua:156: assertion failed!",
        "",
        "CMake Error at /home/travis/build/neovim/neovim/cmake/RunTests.cmake:85 (message):",
        "  functional tests failed with error: 1",
        "",
        "ninja: build stopped: subcommand failed.",
        'The command "ci/run_tests.sh" exited with 1.',
      ),
    );
    // The report and, as for any cause this close to the failure, the output up to it.
    expect(primary).toMatchObject({ first: 3, latestLine: 7, match: { category: "runtime" } });
  });

  test("a bare keyword hit after make's failure line is one more verdict: the output before the failure is shown", () => {
    // Erlang/erlang@otp/failed/546984181, lines 674-690
    const { primary } = analyze(
      lines(
        "$ ./otp_build all",
        "make[4]: Entering directory `/home/travis/build/erlang/otp/erts/emulator'",
        " GEN\tx86_64-unknown-linux-gnu/gen_git_version.mk",
        " PROFILE beam.prof.smp",
        'System process <0.0.0> terminated: {{badmatch,{error,{bad_lib,"Function not found prim_file:read_handle_info_nif/1"}}},[{prim_file,on_load,0,[]},{erl_init,start,2,[]}]}',
        "",
        "Crash dump is being written to: erl_crash.dump...done",
        "make[4]: *** [obj/x86_64-unknown-linux-gnu/opt/smp/PROFILE] Error 1",
        "make[4]: Leaving directory `/home/travis/build/erlang/otp/erts/emulator'",
        "make: *** [emulator] Error 2",
        "*** Failed ***",
      ),
    );
    expect(primary!.first).toBeLessThanOrEqual(5);
    expect(primary!.last).toBeGreaterThanOrEqual(5);
    expect(primary!.last).toBeLessThan(8);
  });
});

describe("a command run more than once", () => {
  test("a command that travis_retry ran three times is reported by its first attempt", () => {
    // Swift/SwiftyJSON@SwiftyJSON/failed/364917910, lines 1017-1113 (the destination lists shortened)
    const attempt = [
      "xcodebuild: error: Unable to find a destination matching the provided destination specifier:",
      "\t\t{ platform:tvOS Simulator, name:Apple TV 1080p }",
      "",
      "\tThe requested device could not be found because no available devices matched the request.",
      "",
    ];
    const command = "xcodebuild -workspace SwiftyJSON.xcworkspace -scheme SwiftyJSON tvOS -destination platform=tvOS Simulator,name=Apple TV 1080p build-for-testing test";
    const { primary } = analyze(
      lines(
        '$ travis_retry xcodebuild -workspace SwiftyJSON.xcworkspace -scheme "SwiftyJSON tvOS" -destination "platform=tvOS Simulator,name=Apple TV 1080p" build-for-testing test | xcpretty',
        ...attempt,
        `The command "${command}" failed. Retrying, 2 of 3.`,
        "",
        ...attempt,
        `The command "${command}" failed. Retrying, 3 of 3.`,
        "",
        ...attempt,
        `The command "${command}" failed 3 times.`,
        "",
        'The command "travis_retry xcodebuild -workspace SwiftyJSON.xcworkspace -scheme "SwiftyJSON tvOS" build-for-testing test | xcpretty" exited with 70.',
      ),
    );
    expect(primary).toMatchObject({ first: 2 });
    expect(primary!.last).toBeLessThan(7);
  });
});

describe("test runners' own layouts", () => {
  test("a Go subtest's failure under its parent's verdict is the failure's account", () => {
    // Go/avelino@awesome-go/failed/560328897, lines 636-706 (passing subtests shortened)
    const { primary } = analyze(
      lines(
        "$ go test -v ./...",
        "=== RUN   TestAlpha/Tutorials",
        "--- FAIL: TestAlpha (0.02s)",
        "    --- PASS: TestAlpha/Microsoft_Office (0.00s)",
        "    --- PASS: TestAlpha/Tools_for_managing_and_working_with_Goroutines. (0.00s)",
        "    --- FAIL: TestAlpha/Libraries_for_developing_GraphQL_servers_in_Go. (0.00s)",
        "        repo_test.go:131: expected 'gqlgen' but actual is 'graphql-go'",
        "        repo_test.go:131: expected 'graphql-go' but actual is 'gqlgen'",
        "        repo_test.go:135: expected order is:",
        "            appointy/jaal",
        "            gqlgen",
        "    --- PASS: TestAlpha/Toolkits (0.00s)",
        "    --- PASS: TestAlpha/Interaction (0.00s)",
        "FAIL",
        "FAIL\tgithub.com/avelino/awesome-go\t0.071s",
        'The command "go test -v ./..." exited with 1.',
      ),
    );
    expect(primary).toMatchObject({ first: 6, latestLine: 11, match: { category: "test" } });
  });

  test("an inline failure under its test class's heading is reported by the detailed repeat at the end", () => {
    // Swift/Alamofire@Alamofire/failed/556112835, lines 703-708 and 849-874 (ANSI colours and the excerpt removed)
    const { primary } = analyze(
      lines(
        "$ xcodebuild test | xcpretty",
        "StatusCodeValidationTestCase",
        '    ✗ testThatValidationForRequestWithAcceptableStatusCodeResponseSucceeds, Asynchronous wait failed: Exceeded timeout of 5 seconds, with unfulfilled expectations: "download should return 200 status code".',
        "    ✓ testThatValidationForRequestWithNoAcceptableStatusCodesFails (1.181 seconds)",
        "    ✓ testThatValidationForRequestWithUnacceptableStatusCodeResponseFails (0.203 seconds)",
        "",
        "",
        "Alamofire_iOS_Tests.StatusCodeValidationTestCase",
        '  testThatValidationForRequestWithAcceptableStatusCodeResponseSucceeds, Asynchronous wait failed: Exceeded timeout of 5 seconds, with unfulfilled expectations: "download should return 200 status code".',
        "  /Users/travis/build/Alamofire/Alamofire/Tests/ValidationTests.swift:55",
        "",
        "\t Executed 528 tests, with 1 failure (0 unexpected) in 44.353 (45.598) seconds",
        "** TEST FAILED **",
        'The command "xcodebuild test | xcpretty" exited with 65.',
      ),
    );
    // The detail, under its own class heading; not the inline mark (lines 2-5).
    expect(primary).toMatchObject({ first: 8, match: { category: "test" } });
  });
});

describe("a tool that failed on its warnings", () => {
  test("swiftlint's warnings are the account when it exits non-zero with no error line", () => {
    // Objective-C/Realm@realm-cocoa/failed/552059876, lines 1575-1637 (files without warnings shortened)
    const { primary } = analyze(
      lines(
        "$ ./build.sh verify-swiftlint",
        "Loading configuration from '.swiftlint.yml'",
        "Linting 'Property.swift' (9/53)",
        "Linting 'Object+Combine.swift' (10/53)",
        "/Users/travis/build/realm/realm-cocoa/RealmSwift/Object+Combine.swift:88:42: warning: Colon Violation: Colons should be next to the identifier when specifying a type and next to the key in dictionary literals. (colon)",
        "/Users/travis/build/realm/realm-cocoa/RealmSwift/Object+Combine.swift:46:31: warning: Empty Parentheses with Trailing Closure Violation: When using trailing closures, empty parentheses should be avoided after the method call. (empty_parentheses_with_trailing_closure)",
        "Linting 'Error.swift' (11/53)",
        "Linting 'RealmCollection.swift' (12/53)",
        "Linting 'RLMSupport.swift' (53/53)",
        "Done linting! Found 3 violations, 0 serious in 53 files.",
        'The command "./build.sh verify-swiftlint" exited with 3.',
      ),
    );
    expect(primary).toMatchObject({ first: 5, last: 6, match: { category: "syntax" } });
  });

  test("GHC's `Failing due to -Werror.` is told by the warning printed above it", () => {
    // Haskell/jgm@pandoc/failed/479981799, lines 999-1010 (GHC goes on compiling other modules after it)
    const { primary } = analyze(
      lines(
        "$ stack build --ghc-options=-Werror",
        "[ 15 of 147] Compiling Text.Pandoc.Readers.Odt.Generic.Fallible ( src/Text/Pandoc/Readers/Odt/Generic/Fallible.hs, dist/build/Text/Pandoc/Readers/Odt/Generic/Fallible.o )",
        "[ 16 of 147] Compiling Text.Pandoc.Ipynb ( src/Text/Pandoc/Ipynb.hs, dist/build/Text/Pandoc/Ipynb.o )",
        "",
        "src/Text/Pandoc/Ipynb.hs:94:10: Warning:",
        "    No explicit implementation for",
        "      ‘mappend’",
        "    In the instance declaration for ‘Monoid (Notebook a)’",
        "",
        "<no location info>: ",
        "Failing due to -Werror.",
        "[ 17 of 147] Compiling Text.Pandoc.Readers.Org ( src/Text/Pandoc/Readers/Org.hs, dist/build/Text/Pandoc/Readers/Org.o )",
        'The command "stack build --ghc-options=-Werror" exited with 1.',
      ),
    );
    expect(primary).toMatchObject({ first: 5, match: { category: "syntax", patternId: "compiler.werror" } });
  });

  test("a warning in a step that failed on an error is not the cause", () => {
    const { primary } = analyze(
      lines("$ make", "src/a.c:3:1: warning: unused variable 'x'", "src/b.c:9:2: error: expected ';' before '}' token", "make: *** [all] Error 1", 'The command "make" exited with 2.'),
    );
    expect(primary).toMatchObject({ first: 3, match: { category: "syntax", patternId: "c.compile" } });
  });
});
