// Which error stands for the failure, and how far its range reaches, when a tool's report is spread out: a
// runner's closing list that repeats an error first printed far above, a cause whose block is only its heading
// and message, a compiler listing the same messages again within its report, a Go subtest listed after its passing
// siblings, a refusal followed by its usage, a CocoaPods refusal. Each log is a window of a real LogChunks log (its
// id in a comment), shortened where it says so.

import { describe, expect, test } from "bun:test";
import { lines, shippedAnalyzer } from "./analyze-lines.ts";

const analyze = shippedAnalyzer();

describe("an error printed again next to the failure", () => {
  test("busted's closing list repeats a suite's error: that repeat, not the first print far above, is measured", () => {
    // VimL/neovim@neovim/failed/567689318: lines 4430-4433 (the suite's error as it ran), 6676-6686 (the closing
    // list), 6894-6912 (the verdicts); the 2,240 lines of test output between are stood for by 1,200 `[ SKIPPED ]`
    // lines in the log's own form, and the searched paths are cut to two.
    const skipped = Array.from({ length: 1200 }, (_, i) => `[ SKIPPED  ] test/functional/ui/float_spec.lua @ ${i + 1}: floating windows with ext_multigrid supports second UI without multigrid`);
    const { primary } = analyze(
      lines(
        "$ ci/run_tests.sh",
        "[----------] Running tests from test/functional/lua/util_spec.lua",
        "test/functional/lua/util_spec.lua:5: module 'runtime.lua.util' not found:No LuaRocks module found for runtime.lua.util",
        "\tno field package.preload['runtime.lua.util']",
        "\tno file '/home/travis/build/neovim/neovim/build/runtime/lua/util.lua'",
        ...skipped,
        "[  ERROR   ] 9 errors, listed below:",
        "[  ERROR   ] test/functional/lua/util_spec.lua @ 5: suite test/functional/lua/util_spec.lua",
        "test/functional/lua/util_spec.lua:5: module 'runtime.lua.util' not found:No LuaRocks module found for runtime.lua.util",
        "\tno field package.preload['runtime.lua.util']",
        "\tno file '/home/travis/build/neovim/neovim/build/runtime/lua/util.lua'",
        "",
        " 18 SKIPPED TESTS",
        " 9 ERRORS",
        "-- Tests exited non-zero: 1",
        "-- No output to stderr.",
        "CMake Error at /home/travis/build/neovim/neovim/cmake/RunTests.cmake:85 (message):",
        "  functional tests failed with error: 1",
        "",
        "",
        "FAILED: cd /home/travis/build/neovim/neovim/build && /usr/local/cmake-3.12.4/bin/cmake -DBUSTED_PRG=/home/travis/nvim-deps/usr/bin/busted",
        "ninja: build stopped: subcommand failed.",
        'The command "ci/run_tests.sh" exited with 1.',
      ),
    );
    // The closing list's entry (lines 1208-1210), not the test runner's CMake verdict below it.
    const repeat = 5 + skipped.length + 3;
    expect(primary).toMatchObject({ match: { category: "dependency" } });
    expect(primary!.first).toBeLessThanOrEqual(repeat);
    expect(primary!.last).toBeGreaterThanOrEqual(repeat);
  });
});

describe("a cause whose block is its heading and its message", () => {
  test("the report right under it is covered (the diff a whitespace lint prints, to the lint's verdict)", () => {
    // C++/bitcoin@bitcoin/failed/567119401: lines 373-384 (the log ends there)
    const { primary } = analyze(
      lines(
        "$ test/lint/lint-all.sh",
        "src/test/base32_tests.cpp:14: fo  ==> of, for",
        "src/test/base64_tests.cpp:14: fo  ==> of, for",
        "^ Warning: codespell identified likely spelling errors. Any false positives? Add them to the list of ignored words in test/lint/lint-spelling.ignore-words.txt",
        "This diff appears to have added new lines with trailing whitespace.",
        "The following changes were suspected:",
        "",
        "diff --git a/src/wallet/rpcwallet.cpp b/src/wallet/rpcwallet.cpp",
        "@@ -3281,2 +3281,2 @@ static UniValue bumpfee(const JSONRPCRequest& request)",
        '+                "The user can specify a confirmation target for estimatesmartfee.\\n"',
        "@@ -3338,4 +3342,5 @@ static UniValue bumpfee(const JSONRPCRequest& request)",
        "+            true, true);",
        "^---- failure generated from test/lint/lint-whitespace.sh",
      ),
    );
    expect(primary).toMatchObject({ first: 4, last: 13, match: { category: "syntax" } });
  });

  test("a message ending in a colon announces what follows, whatever the heading above it", () => {
    // Rust/BurntSushi@ripgrep/failed/524197508: lines 518-567
    const { primary } = analyze(
      lines(
        "$ ci/script.sh",
        "checking whether the C compiler works... no",
        "",
        "--- stderr",
        "configure: error: in `/home/travis/build/BurntSushi/ripgrep/target/i686-unknown-linux-musl/debug/build/jemalloc-sys-754a2cc36ac04a65/out/build':",
        "configure: error: C compiler cannot create executables",
        "See `config.log' for more details",
        'thread \'main\' panicked at \'command did not execute successfully: "sh" "/home/travis/build/BurntSushi/ripgrep/target/i686-unknown-linux-musl/debug/build/jemalloc-sys-754a2cc36ac04a65/out/jemalloc/configure" "--disable-cxx"',
        "expected success, got: exit code: 77', /home/travis/.cargo/registry/src/github.com-1ecc6299db9ec823/jemalloc-sys-0.3.0/build.rs:370:9",
        "stack backtrace:",
        "   0:     0x5597a5c1a753 - std::sys::unix::backtrace::tracing::imp::unwind_backtrace::h6bfa65e4a0f076ef",
        "                               at src/libstd/sys/unix/backtrace/tracing/gcc_s.rs:39",
        "   1:     0x5597a5c15d1b - std::sys_common::backtrace::_print::h1a592fe565d3945f",
        "                               at src/libstd/sys_common/backtrace.rs:71",
        "   2:     0x5597a5c194a6 - std::panicking::default_hook::{{closure}}::hf7ac78f0d6baf05c",
        "                               at src/libstd/sys_common/backtrace.rs:59",
        "                               at src/libstd/panicking.rs:197",
        "   3:     0x5597a5c19239 - std::panicking::default_hook::ha084a854a3fd471d",
        "                               at src/libstd/panicking.rs:211",
        "   4:     0x5597a5c19b4f - std::panicking::rust_panic_with_hook::h4cb2475a03affa86",
        "                               at src/libstd/panicking.rs:474",
        "   5:     0x5597a5c196d1 - std::panicking::continue_panic_fmt::h2c102840e3aee2c8",
        "                               at src/libstd/panicking.rs:381",
        "   6:     0x5597a5c1961e - std::panicking::begin_panic_fmt::h153e4c4ce43a5817",
        "                               at src/libstd/panicking.rs:336",
        "   7:     0x5597a5b8e893 - build_script_build::run::h39002c06cc8849b5",
        "                               at /home/travis/.cargo/registry/src/github.com-1ecc6299db9ec823/jemalloc-sys-0.3.0/build.rs:370",
        "   8:     0x5597a5b8cf2a - build_script_build::main::hf10e7dcd77bd7f98",
        "                               at /home/travis/.cargo/registry/src/github.com-1ecc6299db9ec823/jemalloc-sys-0.3.0/build.rs:304",
        "   9:     0x5597a5b9968f - std::rt::lang_start::{{closure}}::h41cfa648c1e16d94",
        "                               at /rustc/e938c2b9aae7e0c37c382e4e22bdc360e9a4f0b6/src/libstd/rt.rs:64",
        "  10:     0x5597a5c19552 - std::panicking::try::do_call::h6f81865688d63aec",
        "                               at src/libstd/rt.rs:49",
        "                               at src/libstd/panicking.rs:293",
        "  11:     0x5597a5c215f9 - __rust_maybe_catch_panic",
        "                               at src/libpanic_unwind/lib.rs:85",
        "  12:     0x5597a5c1a05c - std::rt::lang_start_internal::hc0ce7694d675a3f7",
        "                               at src/libstd/panicking.rs:272",
        "                               at src/libstd/panic.rs:388",
        "                               at src/libstd/rt.rs:48",
        "  13:     0x5597a5b99668 - std::rt::lang_start::hd3d2349b3ef9f36b",
        "                               at /rustc/e938c2b9aae7e0c37c382e4e22bdc360e9a4f0b6/src/libstd/rt.rs:64",
        "  14:     0x5597a5b8ee39 - main",
        "  15:     0x7ffb2d57c82f - __libc_start_main",
        "  16:     0x5597a5b89178 - _start",
        "  17:                0x0 - <unknown>",
        "",
        "warning: build failed, waiting for other jobs to finish...",
        "error: build failed",
        'The command "ci/script.sh" exited with 101.',
      ),
    );
    // From the configure error through the panic's backtrace and cargo's verdict.
    expect(primary).toMatchObject({ first: 4, last: 49, match: { category: "configuration" } });
  });
});

describe("a compiler's report that prints its messages again", () => {
  test("the report runs on through a message printed again right after it, though a later step prints it once more", () => {
    // Erlang/rabbitmq@rabbitmq-server/failed/571748388: lines 753-766, then the next step's rebuild at 852-867 (the
    // ERLC file lists and the steps' fold markers shortened)
    const compile = [
      " DEPEND rabbit.d",
      " ERLC   amqqueue.erl amqqueue_v1.erl background_gc.erl code_server_cache.erl gatherer.erl gm.erl",
      "Inlining: inline_size=24 inline_effort=150",
      "src/rabbit_vhost.erl:91: field description undefined in record vhost",
      "src/rabbit_vhost.erl:92: field tags undefined in record vhost",
      "src/rabbit_vhost.erl:344: variable 'Description' is unbound",
      "src/rabbit_vhost.erl:344: field description undefined in record vhost",
      "src/rabbit_vhost.erl:345: variable 'Tags' is unbound",
      "src/rabbit_vhost.erl:345: field tags undefined in record vhost",
      "erlang.mk:5360: recipe for target 'ebin/rabbit.app' failed",
    ];
    const { primary } = analyze(
      lines(
        "$ make xref",
        ...compile,
        "make[1]: *** [ebin/rabbit.app] Error 1",
        "erlang.mk:5107: recipe for target 'app' failed",
        "make: *** [app] Error 2",
        'The command "make xref" exited with 2.',
        "",
        "$ make ct-fast",
        ...compile,
        "make[2]: *** [ebin/rabbit.app] Error 1",
        "make: *** [ct-fast] Error 2",
        'The command "make ct-fast" exited with 2.',
      ),
    );
    // `field tags` (line 6) is printed again at line 10, inside the report: the range covers both.
    expect(primary).toMatchObject({ first: 5, last: 10, match: { patternId: "erlang.compile" } });
    // The same in an excerpt that stops at the compiler's last line (no failure line to measure from).
    expect(analyze(lines(...compile.slice(1, -1))).primary).toMatchObject({ first: 3, last: 8 });
  });
});

describe("a test run's failures", () => {
  test("a Go subtest's verdict after its passing siblings, past the parent's block, is the parent's account", () => {
    // Go/avelino@awesome-go/failed/553491785: lines 638-751; the 111 lines of passing siblings' verdicts between the
    // parent's and the subtest's (more than a block holds) are stood for by lines in their form.
    const siblings = Array.from({ length: 111 }, (_, i) => `    --- PASS: TestAlpha/Category_${i} (0.00s)`);
    const { primary } = analyze(
      lines(
        "$ go test -v ./...",
        "=== RUN   TestAlpha/Meetups",
        "--- FAIL: TestAlpha (0.02s)",
        ...siblings,
        "    --- FAIL: TestAlpha/Meetups (0.00s)",
        "        repo_test.go:131: expected 'golang auckland, nz' but actual is 'golang baltimore, md'",
        "        repo_test.go:131: expected 'golang baltimore, md' but actual is 'golang bangalore'",
        "    --- PASS: TestAlpha/Twitter (0.00s)",
        "FAIL",
        "FAIL\tgithub.com/avelino/awesome-go\t0.043s",
        'The command "go test -v ./..." exited with 1.',
      ),
    );
    const subtest = 4 + siblings.length;
    expect(primary).toMatchObject({ first: subtest, match: { category: "test" } });
  });
});

describe("a command refusing its input", () => {
  test("the usage printed under the refusal belongs to it, so the refusal is near enough to the failure to be its cause", () => {
    // Perl/major@MySQLTuner-perl/failed/431782730: lines 610-639 (Travis's timing markers left out)
    const { primary } = analyze(
      lines(
        "$ perlcritic --exclude InputOutput::ProhibitInteractiveTest mysqltuner.pl",
        "No such file or directory: 'mysqltuner.pl'",
        "Usage:",
        "      perlcritic [-12345 | --brutal | --cruel | --harsh | --stern | --gentle]",
        "                 [--severity number | name] [{-p | --profile} file | --noprofile]",
        "                 [--top [ number ]] [--theme expression] [--include pattern]",
        "                 [--exclude pattern] [{-s | --single-policy} pattern]",
        "                 [--only | --noonly] [--profile-strictness {warn|fatal|quiet}]",
        "                 [--force | --noforce] [--statistics] [--statistics-only]",
        "                 [--count | -C] [--verbose {number | format}] [--allow-unsafe]",
        "                 [--color | --nocolor] [--pager pager] [--quiet]",
        "                 [--color-severity-highest color_specification]",
        "                 [--color-severity-high color_specification]",
        "                 [--color-severity-medium color_specification]",
        "                 [--color-severity-low color_specification]",
        "                 [--color-severity-lowest color_specification]",
        "                 [--files-with-violations | -l]",
        "                 [--files-without-violations | -L]",
        "                 [--program-extensions file_name_extension]",
        "                 {FILE | DIRECTORY | STDIN}",
        "",
        "      perlcritic --profile-proto",
        "",
        "      perlcritic { --list | --list-enabled | --list-themes | --doc pattern [...] }",
        "",
        "      perlcritic { --help | --options | --man | --version }",
        "",
        "",
        'The command "perlcritic --exclude InputOutput::ProhibitInteractiveTest mysqltuner.pl" exited with 1.',
      ),
    );
    expect(primary!.first).toBe(2);
  });
});

describe("dependency managers", () => {
  test("CocoaPods finding no compatible version of a pod is a dependency error, and it stands for the failure", () => {
    // Objective-C/ReactiveCocoa@ReactiveCocoa/failed/522133183: lines 2436-2473 (a log forwarder's `nl` lines left out)
    const { primary } = analyze(
      lines(
        "$ pod lib lint ReactiveMapKit.podspec --use-libraries",
        " -> ReactiveMapKit",
        " -> ReactiveMapKit (10.0.0)",
        "",
        '    - ERROR | [OSX] unknown: Encountered an unknown error (CocoaPods could not find compatible versions for pod "ReactiveCocoa":',
        "",
        "  In Podfile:",
        "",
        "    ReactiveMapKit (from `/Users/travis/build/ReactiveCocoa/ReactiveCocoa`) was resolved to 10.0.0, which depends on",
        "",
        "      ReactiveCocoa (= 10.0.0)",
        "None of your spec sources contain a spec satisfying the dependency: `ReactiveCocoa (= 10.0.0)`.",
        "",
        "You have either:",
        "",
        " * out-of-date source repos which you can update with `pod repo update` or with `pod install --repo-update`.",
        "",
        " * mistyped the name or version.",
        "",
        " * not added the source repo that hosts the Podspec to your Podfile.",
        "",
        "Note: as of CocoaPods 1.0, `pod repo update` does not happen on `pod install` by default.) during validation.",
        "",
        "[!] ReactiveMapKit did not pass validation, due to 1 error.",
        "",
        "You can use the `--no-clean` option to inspect any issue.",
        "",
        'The command "pod lib lint ReactiveMapKit.podspec --use-libraries" exited with 1.',
      ),
    );
    expect(primary).toMatchObject({ match: { category: "dependency", patternId: "cocoapods.dependency" } });
    expect(primary!.first).toBeLessThanOrEqual(5);
  });
});
