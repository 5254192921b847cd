// Which lines an error's block takes: a compiler's code excerpt above its caret, a test runner's numbered
// failure heading and the bare source locations of its trace, a chain of Python tracebacks, and a sanitizer's
// whole report. Each log is a window of a real LogChunks log (its id in a comment), shortened where it says so.

import { describe, expect, test } from "bun:test";
import { lines, shippedAnalyzer } from "./analyze-lines.ts";

const analyze = shippedAnalyzer();

describe("lines after the error that belong to it", () => {
  test("a source line followed by a caret line is the compiler's excerpt, whatever its indent", () => {
    // Go/ethereum@go-ethereum/failed/566352197, lines 942-949 (cgo's clang output)
    const { errors } = analyze(
      lines(
        "github.com/ethereum/go-ethereum/common/mclock",
        "# github.com/ethereum/go-ethereum/vendor/github.com/elastic/gosigar",
        "../vendor/github.com/elastic/gosigar/sigar_darwin.go:12:10: fatal error: 'libproc.h' file not found",
        "#include <libproc.h>",
        "         ^~~~~~~~~~~",
        "1 error generated.",
        "github.com/ethereum/go-ethereum/accounts/abi",
        "github.com/ethereum/go-ethereum/event",
      ),
    );
    expect(errors.map((error) => [error.first, error.last])).toEqual([[3, 6]]);
  });

  test("a line that ends the block without a caret under it stays out", () => {
    const { errors } = analyze(lines("src/a.c:3:1: error: expected ';'", "#include <b.h>", "next output", "more output"));
    expect(errors.map((error) => [error.first, error.last])).toEqual([[1, 1]]);
  });

  test("PHPUnit's numbered heading and the trace's bare locations belong to the failure", () => {
    // PHP/bcit-ci@CodeIgniter/failed/507107253, lines 231-242 (ANSI colours removed)
    const { primary } = analyze(
      lines(
        "Time: 36.26 seconds, Memory: 98.25MB",
        "",
        "There was 1 failure:",
        "",
        "1) Form_validation_test::test_rule_valid_date",
        "Failed asserting that false is true.",
        "",
        "/home/travis/build/bcit-ci/CodeIgniter/tests/codeigniter/libraries/Form_validation_test.php:318",
        "/home/travis/build/bcit-ci/CodeIgniter/tests/mocks/ci_testcase.php:351",
        "",
        "FAILURES!",
        "Tests: 401, Assertions: 1341, Failures: 1, Skipped: 13.",
      ),
    );
    expect(primary).toMatchObject({ first: 5, last: 9, match: { category: "test" } });
  });
});

describe("Python's tracebacks", () => {
  test("a chain of tracebacks (`During handling of the above exception`) is one error, through its last exception", () => {
    // Python/scikit-learn@scikit-learn/failed/562456534, lines 2170-2213 (frames shortened)
    const { errors } = analyze(
      lines(
        "+pytest --showlocals --durations=20 --pyargs --cov sklearn sklearn",
        "Traceback (most recent call last):",
        '  File "/home/travis/miniconda/envs/testenv/lib/python3.4/site-packages/pkg_resources/__init__.py", line 854, in resolve',
        "    raise VersionConflict(dist, req).with_context(dependent_req)",
        "pkg_resources.VersionConflict: (pytest 3.5.0 (/home/travis/miniconda/envs/testenv/lib/python3.4/site-packages), Requirement.parse('pytest>=3.6'))",
        "",
        "During handling of the above exception, another exception occurred:",
        "",
        "Traceback (most recent call last):",
        '  File "/home/travis/miniconda/envs/testenv/bin/pytest", line 11, in <module>',
        "    sys.exit(main())",
        '  File "/home/travis/miniconda/envs/testenv/lib/python3.4/site-packages/pluggy/__init__.py", line 402, in load_setuptools_entrypoints',
        '    "Plugin %r could not be loaded: %s!" % (ep.name, e))',
        "pluggy.PluginValidationError: Plugin 'pytest_cov' could not be loaded: (pytest 3.5.0 (/home/travis/miniconda/envs/testenv/lib/python3.4/site-packages), Requirement.parse('pytest>=3.6'))!",
        "",
        "The command \"pytest\" exited with 1.",
      ),
    );
    expect(errors.map((error) => [error.first, error.latestLine])).toEqual([[2, 14]]);
  });

  test("a traceback ends at its exception line when no chained one follows", () => {
    const { errors } = analyze(lines("Traceback (most recent call last):", '  File "a.py", line 1, in <module>', "ValueError: x", "next output", "ValueError: y"));
    expect(errors.map((error) => [error.first, error.last])).toContainEqual([1, 3]);
  });
});

describe("reports that name their own end", () => {
  // VimL/neovim@neovim/failed/567659224, lines 4866-4956 (a log file dumped under a `= ` prefix; frames #3-#79 left out)
  const sanitizerReport = [
    "==================== File /home/travis/build/neovim/neovim/build/log/ubsan.16563 ====================",
    "= =================================================================",
    "= ==16563==ERROR: AddressSanitizer: SEGV on unknown address 0x000001d548d0 (pc 0x000000455084 bp 0x000000000000 sp 0x7ffc53357450 T0)",
    "= ==16563==The signal is caused by a WRITE memory access.",
    "=     #0 0x455083 in atomic_compare_exchange_strong<__sanitizer::atomic_uint8_t> /tmp/final/llvm.src/projects/compiler-rt/lib/asan/../sanitizer_common/sanitizer_atomic_clang.h:81:10",
    "=     #1 0x455083 in AtomicallySetQuarantineFlagIfAllocated /tmp/final/llvm.src/projects/compiler-rt/lib/asan/asan_allocator.cc:554",
    "=     #80 0x7f81585b282f in __libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x2082f)",
    "=     #81 0x453db8 in _start (/home/travis/build/neovim/neovim/build/bin/nvim+0x453db8)",
    "= ",
    "= AddressSanitizer can not provide additional info.",
    "= SUMMARY: AddressSanitizer: SEGV /tmp/final/llvm.src/projects/compiler-rt/lib/asan/../sanitizer_common/sanitizer_atomic_clang.h:81:10 in atomic_compare_exchange_strong<__sanitizer::atomic_uint8_t>",
    "= ==16563==ABORTING",
    "=====================================================================================================",
    "test/helpers.lua:156: assertion failed!",
  ];

  test("a sanitizer's report runs from its header to `==PID==ABORTING`, past the block cap", () => {
    const { errors } = analyze(lines(...sanitizerReport), { maxBlockLines: 5 });
    expect(errors.find((error) => error.message.includes("AddressSanitizer: SEGV"))).toMatchObject({ first: 3, last: 12 });
  });

  test("the report's end is its own: the next line is not part of it", () => {
    const { errors } = analyze(lines(...sanitizerReport));
    expect(errors.find((error) => error.first === 3)!.last).toBe(12);
  });
});
