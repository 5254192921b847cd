// Line shapes the shipped patterns know beyond a tool's plain format: xcpretty's ❌ mark behind a short prefix,
// a tool's `[error]` line prefix followed by the message, a command-line parser's `Illegal switch`, a TLS
// certificate failure, an HTTP 429 (and not a counter passing 429), a deprecation printed as an error, a YAML
// parser's refusal. Lines from real LogChunks logs (ids in comments).

import { beforeAll, describe, expect, test } from "bun:test";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { ErrorClassifier } from "../../scripts/error_parser/classifier.ts";
import { cleanLine } from "../../scripts/error_parser/clean.ts";
import { tempDir } from "../helpers/run.ts";

let classifier: ErrorClassifier;
beforeAll(async () => {
  const project = tempDir("cfo-ep-shapes-");
  classifier = ErrorClassifier.fromConfig(await loadConfig({ projectRoot: project.path }));
  project.cleanup();
});

const classify = (raw: string) => classifier.classify(cleanLine(raw), 1);

describe("shipped line shapes", () => {
  test("xcpretty's ❌ compile error is one behind a few characters a log forwarder put in front", () => {
    // Objective-C/ReactiveCocoa@ReactiveCocoa/failed/567078470, line 2205
    const line = "nl\u001b[31m❌  \u001b[0m/Users/travis/build/ReactiveCocoa/ReactiveCocoa/ReactiveCocoaTests/CocoaActionSpec.swift:47:19: \u001b[31m'value' is inaccessible due to 'internal' protection level\u001b[0m";
    expect(classify(line)).toMatchObject({ patternId: "c.compile", category: "syntax" });
  });

  test("a line under sbt's `[error]` prefix is an error line, whatever follows the prefix", () => {
    // Scala/akka@akka/failed/562463188, line 672
    const line = "\u001b[0m[\u001b[0m\u001b[31merror\u001b[0m] \u001b[0m\u001b[0m * class akka.cluster.protobuf.msg.ClusterMessages#IncompatibleConfig does not have a correspondent in current version\u001b[0m";
    expect(classify(line)).toMatchObject({ role: "error" });
  });

  test("under sbt's `[error]`, a Scala source location is a compile error, but a stack frame naming one is not", () => {
    // Scala/akka@akka/failed/560939223, line 1242 (Scala 2); Scala 3's heading as the scala-3-migration-guide threads
    // quote it; Scala/akka@akka/failed/562463188, line 703 (a frame of the exception sbt's MiMa task threw)
    expect(classify("[error] /home/travis/build/akka/akka/akka-remote-tests/src/multi-jvm/scala/akka/remote/artery/TestMessage.scala:10:8: object internalByteString is not a member of package akka.protobufv3")).toMatchObject({ patternId: "java.compile" });
    expect(classify("[error] -- [E007] Type Mismatch Error: /home/piquerez/scalacenter/scala-3-migration-guide/incompat/indentation-1/src/main/scala-2.13/indentation.scala:6:3 ")).toMatchObject({ patternId: "java.compile" });
    const frame = "\u001b[0m[\u001b[0m\u001b[31merror\u001b[0m] \u001b[0m\u001b[0m\tat scala.sys.package$.error(package.scala:26)\u001b[0m";
    expect(classify(frame)?.patternId).not.toBe("java.compile");
  });

  test("a command-line parser's `Illegal switch` is a configuration error", () => {
    // C/php@php-src/failed/530444639, line 504 (run-tests.php; BSD getopt says `illegal option -- j`)
    expect(classify("Illegal switch 'j' specified!")).toMatchObject({ category: "configuration" });
    expect(classify("ls: illegal option -- j")).toMatchObject({ category: "configuration" });
  });

  test("a TLS failure on the server's certificate is a network error that a rerun does not fix", () => {
    // Lua/cmusatyalab@openface/failed/199278645, line 299 (wget); curl says `SSL certificate problem: ...`
    expect(classify("ERROR: no certificate subject alternative name matches")).toMatchObject({ category: "network", retry: false });
    expect(classify("curl: (60) SSL certificate problem: unable to get local issuer certificate")).toMatchObject({ category: "network", retry: false });
  });

  test("a progress counter that passes 429 is not an HTTP 429 answer", () => {
    // JavaScript/FreeCodeCamp@freecodecamp/failed/566116668, line 325: webpack's progress, redrawn with backspaces
    const progress = " 61% building 429/451 modules 22 active ...client/node_modules/lodash/_basePick.js" + "\b".repeat(80) + " 61% building 429/454 modules 25 active ...nt/node_modules/lodash/_baseIteratee.js";
    expect(classify(progress)?.category).not.toBe("network");
    expect(classify("HTTP/1.1 429 Too Many Requests")).toMatchObject({ category: "network" });
  });

  test("a deprecation that sbt prints under `[error]` (fatal warnings) is the compiler's error, not a notice", () => {
    // Scala/akka@akka/failed/565243172, line 820
    const line = "\u001b[0m[\u001b[0m\u001b[31merror\u001b[0m] \u001b[0m\u001b[0m/home/travis/build/akka/akka/akka-bench-jmh/src/main/scala/akka/stream/io/FileSourcesScaleBenchmark.scala:38:56: method + in class Int is deprecated (since 2.13.0): Adding a number and a String is deprecated. Use the string interpolation `s\"$num$str\"`\u001b[0m";
    expect(classify(line)).toMatchObject({ role: "error", category: "syntax" });
    // Line 717 of the same log: the same notice under `[info]` stays one.
    expect(classify("[info] /home/travis/build/akka/akka/akka-actor-tests/src/test/java/akka/actor/AbstractFSMActorTest.java: Some input files use or override a deprecated API.")?.role).not.toBe("error");
  });

  test("a YAML parser's refusal is a configuration error", () => {
    // TeX/adambard@learnxinyminutes-docs/failed/487309865, line 470 (Ruby's Psych on a document's front matter)
    const line = "(./tr-tr/clojure-tr.html.markdown): did not find expected ',' or ']' while parsing a flow sequence at line 5 column 7";
    expect(classify(line)).toMatchObject({ patternId: "yaml.syntax", category: "configuration" });
  });
});
