// C, C++, make, cmake and Rust failures from the real compilers (cargo runs offline).
import type { Case } from "../types.ts";

const cargoToml = (deps = "") => `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}`;

export const nativeCases: Case[] = [
  {
    id: "gen-gcc-expected-semicolon-001", tool: "gcc", category: "syntax", retryable: false,
    why: "C compile error: expected ';'",
    files: { "main.c": "#include <stdio.h>\nint main(void) {\n  int retries = 3\n  printf(\"%d\\n\", retries);\n  return 0;\n}\n" },
    command: "gcc -Wall -c main.c -o main.o", expect: /error: expected/,
  },
  {
    id: "gen-gcc-undeclared-001", tool: "gcc", category: "syntax", retryable: false,
    why: "C compile error: undeclared identifier",
    files: { "buf.c": "#include <string.h>\nint fill(char *dst) {\n  memset(dst, 0, BUF_SIZE);\n  return 0;\n}\n" },
    command: "gcc -Wall -c buf.c -o buf.o", expect: /undeclared/,
  },
  {
    id: "gen-gcc-missing-header-001", tool: "gcc", category: "dependency", retryable: false,
    why: "a library's header is not installed (fatal error: No such file or directory)",
    files: { "zip.c": "#include <zstd_missing.h>\nint main(void) { return 0; }\n" },
    command: "gcc -c zip.c -o zip.o", expect: /No such file or directory/,
  },
  {
    id: "gen-gcc-incompatible-types-001", tool: "gcc", category: "syntax", retryable: false,
    why: "C type error: incompatible types",
    files: { "conf.c": "struct conf { int port; };\nint port_of(void) {\n  struct conf c = { 80 };\n  char *p = c;\n  return p != 0;\n}\n" },
    command: "gcc -c conf.c -o conf.o", expect: /error:/,
  },
  {
    id: "gen-ld-undefined-reference-001", tool: "gcc", category: "syntax", retryable: false,
    why: "link error: the project calls a function it never defines",
    files: { "app.c": "int checksum(const char *s);\nint main(void) { return checksum(\"abc\"); }\n" },
    command: "gcc app.c -o app", expect: /undefined reference/,
  },
  {
    id: "gen-ld-cannot-find-lib-001", tool: "gcc", category: "dependency", retryable: false,
    why: "linker cannot find a library that is not installed (-lfoo)",
    files: { "app.c": "int main(void) { return 0; }\n" },
    command: "set -x; gcc app.c -o app -lsnappy_missing", expect: /cannot find -lsnappy_missing/,
  },
  {
    id: "gen-gxx-no-member-001", tool: "g++", category: "syntax", retryable: false,
    why: "C++ compile error: no member named in class",
    files: { "queue.cpp": "#include <vector>\nstruct Queue { std::vector<int> items; };\nint size(const Queue& q) { return q.item.size(); }\n" },
    command: "g++ -std=c++17 -c queue.cpp -o queue.o", expect: /error:/,
  },
  {
    id: "gen-gxx-bad-alloc-001", tool: "g++", category: "system", retryable: false,
    why: "std::bad_alloc under a fixed memory limit; the program always needs more",
    files: { "big.cpp": "#include <vector>\n#include <cstdio>\nint main() {\n  std::puts(\"allocating index\");\n  std::vector<char> v(4UL << 30);\n  return v[0];\n}\n" },
    command: "g++ -O0 big.cpp -o big && (ulimit -v 300000; ./big)", expect: /bad_alloc/,
  },
  {
    id: "gen-c-segfault-001", tool: "bash", category: "runtime", retryable: false,
    why: "the program crashed with a segmentation fault",
    files: { "crash.c": "#include <stdio.h>\nint main(void) {\n  int *p = 0;\n  puts(\"parsing header\");\n  fflush(stdout);\n  return *p;\n}\n" },
    command: "set -x; gcc crash.c -o crash && ./crash", expect: /Segmentation fault/,
  },
  {
    id: "gen-c-assert-abort-001", tool: "bash", category: "runtime", retryable: false,
    why: "the program's own assert() failed and aborted (not a test assertion)",
    files: { "ring.c": "#include <assert.h>\n#include <stdio.h>\nint main(void) {\n  int head = 5, cap = 4;\n  puts(\"ring buffer init\");\n  fflush(stdout);\n  assert(head < cap);\n  return 0;\n}\n" },
    command: "gcc ring.c -o ring && ./ring", expect: /Assertion/,
  },
  {
    id: "gen-make-missing-separator-001", tool: "make", category: "configuration", retryable: false,
    why: "the Makefile is malformed (missing separator)",
    files: { "Makefile": "all:\n    echo building\n" },
    command: "make -w", expect: /missing separator/,
  },
  {
    id: "gen-make-no-rule-001", tool: "make", category: "configuration", retryable: false,
    why: "the Makefile names a prerequisite that does not exist",
    files: { "Makefile": "app: main.o util.o\n\tcc -o app main.o util.o\n", "main.c": "int main(void){return 0;}\n" },
    command: "make -w app", expect: /No rule to make target/,
  },
  {
    id: "gen-make-compile-error-001", tool: "make", category: "syntax", retryable: false,
    why: "make stops because the compiler rejected the code; make's Error line is a symptom",
    files: { "Makefile": "CFLAGS=-Wall -Werror\nall: tool\ntool: tool.c\n\t$(CC) $(CFLAGS) -o $@ $<\n", "tool.c": "int main(void) {\n  int unused = 1;\n  return 0;\n}\n" },
    command: "make", expect: /Error 1/,
  },
  {
    id: "gen-cmake-find-package-001", tool: "cmake", category: "dependency", retryable: false,
    why: "find_package cannot find a library that is not installed",
    files: { "CMakeLists.txt": "cmake_minimum_required(VERSION 3.16)\nproject(app C)\nfind_package(Protobuf_Missing REQUIRED)\n" },
    command: "cmake -S . -B build", expect: /Could not find a package configuration file|Protobuf_Missing/, max: 30,
  },
  {
    id: "gen-cmake-parse-error-001", tool: "cmake", category: "configuration", retryable: false,
    why: "CMakeLists.txt does not parse",
    files: { "CMakeLists.txt": "cmake_minimum_required(VERSION 3.16)\nproject(app C\nadd_executable(app main.c)\n" },
    command: "cmake -S . -B build", expect: /Parse error|CMake Error/, max: 30,
  },
  {
    id: "gen-cmake-missing-source-001", tool: "cmake", category: "configuration", retryable: false,
    why: "CMakeLists.txt lists a source file that does not exist",
    files: { "CMakeLists.txt": "cmake_minimum_required(VERSION 3.16)\nproject(app C)\nadd_executable(app main.c missing_util.c)\n", "main.c": "int main(void){return 0;}\n" },
    command: "cmake -S . -B build", expect: /Cannot find source file|No SOURCES/, max: 30,
  },
  {
    id: "gen-rustc-e0308-001", tool: "rustc", category: "syntax", retryable: false,
    why: "rustc type error E0308",
    files: { "main.rs": "fn retries() -> u32 {\n    \"3\"\n}\nfn main() {\n    println!(\"{}\", retries());\n}\n" },
    command: "rustc main.rs -o app", expect: /E0308/,
  },
  {
    id: "gen-rustc-e0425-001", tool: "rustc", category: "syntax", retryable: false,
    why: "rustc E0425 cannot find value in scope",
    files: { "main.rs": "fn main() {\n    let total = 10;\n    println!(\"{}\", totl);\n}\n" },
    command: "rustc main.rs -o app", expect: /E0425/,
  },
  {
    id: "gen-cargo-borrow-e0382-001", tool: "cargo", category: "syntax", retryable: false,
    why: "borrow checker error E0382 (does not compile)",
    files: { "Cargo.toml": cargoToml(), "src/main.rs": "fn consume(v: Vec<u8>) -> usize { v.len() }\nfn main() {\n    let data = vec![1, 2, 3];\n    let n = consume(data);\n    println!(\"{} {}\", n, data.len());\n}\n" },
    command: "cargo build --offline", expect: /E0382/, max: 30, limit: 120,
  },
  {
    id: "gen-cargo-offline-dep-001", tool: "cargo", category: "dependency", retryable: false,
    why: "a dependency cannot be resolved (not available to cargo)",
    files: { "Cargo.toml": cargoToml("serde = \"1\"\n"), "src/main.rs": "fn main() {}\n" },
    command: "cargo build --offline", expect: /no matching package|failed to select/, max: 30, limit: 120,
  },
  {
    id: "gen-cargo-registry-503-001", tool: "cargo", category: "network", retryable: true,
    why: "crate registry answered 503 while updating the index",
    files: {
      "Cargo.toml": cargoToml("serde = \"1\"\n"), "src/main.rs": "fn main() {}\n",
      ".cargo/config.toml": "[source.crates-io]\nreplace-with = \"mirror\"\n\n[source.mirror]\nregistry = \"sparse+{{LOOP}}/503/index/\"\n\n[net]\nretry = 0\n",
    },
    command: "CARGO_HOME=$PWD/cargo-home cargo build", expect: /503/, max: 30, limit: 120,
  },
  {
    id: "gen-cargo-registry-reset-001", tool: "cargo", category: "network", retryable: true,
    why: "crate registry connection dropped while updating the index",
    files: {
      "Cargo.toml": cargoToml("serde = \"1\"\n"), "src/main.rs": "fn main() {}\n",
      ".cargo/config.toml": "[source.crates-io]\nreplace-with = \"mirror\"\n\n[source.mirror]\nregistry = \"sparse+{{LOOP}}/reset/index/\"\n\n[net]\nretry = 0\n",
    },
    command: "CARGO_HOME=$PWD/cargo-home cargo build", expect: /error/, max: 30, limit: 120,
  },
  {
    id: "gen-cargo-test-fail-001", tool: "cargo", category: "test", retryable: false,
    why: "cargo test: assert_eq! failed in a unit test",
    files: { "Cargo.toml": cargoToml(), "src/lib.rs": "pub fn add(a: i32, b: i32) -> i32 { a - b }\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn adds() {\n        assert_eq!(add(2, 2), 4);\n    }\n}\n" },
    command: "cargo test --offline", expect: /test result: FAILED/, max: 35, limit: 180,
  },
  {
    id: "gen-cargo-run-panic-001", tool: "cargo", category: "runtime", retryable: false,
    why: "the program panicked at run time (index out of bounds)",
    files: { "Cargo.toml": cargoToml(), "src/main.rs": "fn main() {\n    let args: Vec<String> = std::env::args().collect();\n    println!(\"config file: {}\", args[1]);\n}\n" },
    command: "cargo run --offline -q", expect: /panicked/, max: 30, limit: 120,
  },
  {
    id: "gen-cargo-manifest-invalid-001", tool: "cargo", category: "configuration", retryable: false,
    why: "Cargo.toml is invalid (failed to parse manifest)",
    files: { "Cargo.toml": "[package]\nname = \"app\"\nversion = 0.1.0\nedition = \"2021\"\n", "src/main.rs": "fn main() {}\n" },
    command: "cargo build --offline", expect: /invalid float|failed to parse manifest/, max: 30,
  },
  {
    id: "gen-rust-overflow-panic-001", tool: "rust", category: "runtime", retryable: false,
    why: "arithmetic overflow panic in a debug build",
    files: { "main.rs": "fn main() {\n    let mut n: u8 = 250;\n    for _ in 0..10 { n += 1; }\n    println!(\"{}\", n);\n}\n" },
    command: "rustc -C debug-assertions=on main.rs -o app && ./app", expect: /overflow/,
  },
];
