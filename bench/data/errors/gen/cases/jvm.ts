// javac, java and Maven failures; Maven resolves plugins only through the loopback mirror.
import type { Case } from "../types.ts";

const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>app</artifactId>
  <version>1.0.0</version>
  <properties><maven.compiler.release>17</maven.compiler.release></properties>
</project>
`;
const settings = (mode: string) => `<settings>
  <mirrors>
    <mirror><id>corp-mirror</id><mirrorOf>*</mirrorOf><url>{{LOOP}}/${mode}/maven2</url></mirror>
  </mirrors>
</settings>
`;
const mvn = (mode: string, id: string, category: Case["category"], retryable: boolean, why: string, expect: RegExp): Case => ({
  id, tool: "maven", category, retryable, why, needs: ["mvn"],
  files: { "pom.xml": pom, "settings.xml": settings(mode), "src/main/java/com/acme/App.java": "package com.acme;\npublic class App { public static void main(String[] a) {} }\n" },
  command: "mvn -B -s settings.xml -Dmaven.repo.local=./m2 compile", expect, from: /\[ERROR\]/, max: 20, limit: 120,
});

export const jvmCases: Case[] = [
  {
    id: "gen-javac-cannot-find-symbol-001", tool: "javac", category: "syntax", retryable: false,
    why: "javac: cannot find symbol in the project's code",
    files: { "Invoice.java": "public class Invoice {\n  private final long cents;\n  Invoice(long cents) { this.cents = cents; }\n  long total() { return cent * 2; }\n}\n" },
    command: "javac Invoice.java", expect: /cannot find symbol/,
  },
  {
    id: "gen-javac-expected-semicolon-001", tool: "javac", category: "syntax", retryable: false,
    why: "javac parse error: ';' expected",
    files: { "Main.java": "public class Main {\n  public static void main(String[] args) {\n    int retries = 3\n    System.out.println(retries);\n  }\n}\n" },
    command: "javac Main.java", expect: /';' expected/,
  },
  {
    id: "gen-javac-incompatible-types-001", tool: "javac", category: "syntax", retryable: false,
    why: "javac type error: incompatible types",
    files: { "Port.java": "public class Port {\n  static int parse(String s) {\n    String n = Integer.parseInt(s);\n    return n;\n  }\n}\n" },
    command: "javac Port.java", expect: /incompatible types/,
  },
  {
    id: "gen-javac-package-missing-001", tool: "javac", category: "dependency", retryable: false,
    why: "javac: a library package is not on the classpath",
    files: { "Json.java": "import com.fasterxml.jackson.databind.ObjectMapper;\npublic class Json {\n  static ObjectMapper mapper = new ObjectMapper();\n}\n" },
    command: "javac Json.java", expect: /does not exist/,
  },
  {
    id: "gen-java-npe-001", tool: "java", category: "runtime", retryable: false,
    why: "uncaught NullPointerException in the program",
    files: { "Orders.java": "import java.util.*;\npublic class Orders {\n  public static void main(String[] args) {\n    Map<String, String> env = new HashMap<>();\n    System.out.println(\"region=\" + env.get(\"REGION\").toLowerCase());\n  }\n}\n" },
    command: "set -x; javac Orders.java && java Orders", expect: /NullPointerException/,
  },
  {
    id: "gen-java-aioobe-001", tool: "java", category: "runtime", retryable: false,
    why: "ArrayIndexOutOfBoundsException thrown by the program",
    files: { "Cli.java": "public class Cli {\n  public static void main(String[] args) {\n    System.out.println(\"input: \" + args[0]);\n  }\n}\n" },
    command: "set -x; javac Cli.java && java Cli", expect: /ArrayIndexOutOfBoundsException/,
  },
  {
    id: "gen-java-noclassdef-001", tool: "java", category: "dependency", retryable: false,
    why: "a class compiled against is missing from the runtime classpath (NoClassDefFoundError)",
    files: { "lib/Codec.java": "public class Codec { public static String id() { return \"codec\"; } }\n", "Main.java": "public class Main {\n  public static void main(String[] a) { System.out.println(Codec.id()); }\n}\n" },
    command: "javac -d out lib/Codec.java && javac -cp out -d app Main.java && java -cp app Main", expect: /NoClassDefFoundError/,
  },
  {
    id: "gen-java-oom-001", tool: "java", category: "system", retryable: false,
    why: "Java heap space exhausted under -Xmx16m; the job always needs more",
    files: { "Cache.java": "import java.util.*;\npublic class Cache {\n  public static void main(String[] a) {\n    List<long[]> blocks = new ArrayList<>();\n    while (true) blocks.add(new long[1 << 16]);\n  }\n}\n" },
    command: "set -x; javac Cache.java && java -Xmx16m Cache", expect: /OutOfMemoryError/,
  },
  {
    id: "gen-java-junit-style-assert-001", tool: "java", category: "test", retryable: false,
    why: "a test's assertion failed (java assert with -ea in a test runner main)",
    files: { "RateTest.java": "public class RateTest {\n  static double rate(int ok, int all) { return ok / all; }\n  public static void main(String[] a) {\n    System.out.println(\"RateTest.halfPasses\");\n    double r = rate(1, 2);\n    assert r == 0.5 : \"expected 0.5 but was \" + r;\n  }\n}\n" },
    command: "javac RateTest.java && java -ea RateTest", expect: /AssertionError/,
  },
  mvn("503", "gen-maven-503-001", "network", true, "Maven mirror answered 503 while resolving plugins", /503/),
  mvn("502", "gen-maven-502-001", "network", true, "Maven mirror answered 502 Bad Gateway", /502/),
  mvn("reset", "gen-maven-reset-001", "network", true, "Maven mirror dropped the connection", /Connection reset|NoHttpResponse|failed to respond|Remote host terminated/i),
  mvn("401", "gen-maven-401-001", "permission", false, "Maven mirror requires credentials (401)", /401/),
  mvn("404", "gen-maven-404-001", "dependency", false, "the plugin artifact does not exist in the repository (404)", /not found|Could not find artifact|404/i),
  {
    id: "gen-maven-invalid-pom-001", tool: "maven", category: "configuration", retryable: false,
    why: "pom.xml is not well-formed",
    needs: ["mvn"],
    files: { "pom.xml": "<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.acme</groupId>\n  <artifactId>app</artifact>\n</project>\n" },
    command: "mvn -B -o -Dmaven.repo.local=./m2 validate", expect: /Non-parseable POM|ERROR/, from: /\[ERROR\]/, max: 20, limit: 120,
  },
  {
    id: "gen-maven-offline-dep-001", tool: "maven", category: "dependency", retryable: false,
    why: "a dependency is not available to the build (offline, not cached)",
    needs: ["mvn"],
    files: { "pom.xml": pom.replace("</properties>", "</properties>\n  <dependencies><dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>33.0.0-jre</version></dependency></dependencies>") },
    command: "mvn -B -o -Dmaven.repo.local=./m2 compile", expect: /offline|Could not resolve/i, from: /\[ERROR\]/, max: 20, limit: 120,
  },
];
