// Reads JUnit XML, the report format every test runner can write (Jest, Vitest, Bun, pytest, Go,
// Maven Surefire): testsuites nest, each testcase passes, fails, errors or is skipped. A streaming
// (SAX) parser keeps a 10,000-case report well under a second and never builds a document tree.

import { SaxesParser } from "saxes";
import { sha256 } from "../lib/hash.ts";
import { CfoError } from "../lib/errors.ts";

export type TestStatus = "passed" | "failed" | "errored" | "skipped";

export interface TestCaseResult {
  /** Stable across runs: hash of the suite path, class name and test name. */
  testFingerprint: string;
  name: string;
  status: TestStatus;
  durationMs: number;
  /** First line of the failure or error message; "" when it passed. */
  message: string;
  file: string | null;
}

interface OpenTestCase {
  identity: string;
  status: TestStatus;
  durationMs: number;
  message: string;
  file: string | null;
  /** Collecting the failure's text because it had no message attribute. */
  readingProblemText: boolean;
}

const SEVERITY_ORDER: TestStatus[] = ["passed", "skipped", "failed", "errored"];

export function parseJUnit(xml: string, file: string): TestCaseResult[] {
  const parser = new SaxesParser({ position: true });
  const results: TestCaseResult[] = [];
  // The <testsuites> root's name is the runner's ("bun test"), not part of any test's identity.
  const suites: { name: string; file: string }[] = [];
  let testCase: OpenTestCase | undefined;
  let sawRoot = false;

  parser.on("opentag", ({ name, attributes }) => {
    const attribute = (key: string) => (typeof attributes[key] === "string" ? (attributes[key] as string) : "");
    if (!sawRoot) {
      if (name !== "testsuites" && name !== "testsuite") throw new CfoError(`not JUnit XML: the root element is <${name}>, not <testsuites> or <testsuite>`, { file });
      sawRoot = true;
    }
    if (name === "testsuite") suites.push({ name: attribute("name"), file: attribute("file") || (suites.at(-1)?.file ?? "") });
    else if (name === "testcase") {
      const path = suites.map((suite) => suite.name).filter(Boolean);
      const className = attribute("classname");
      testCase = {
        identity: [...path, className === path.at(-1) ? "" : className, attribute("name")].filter(Boolean).join(" > "),
        status: "passed",
        durationMs: Math.round(Number(attribute("time") || 0) * 1000) || 0,
        message: "",
        file: attribute("file") || suites.at(-1)?.file || null,
        readingProblemText: false,
      };
    } else if (testCase && (name === "failure" || name === "error" || name === "skipped")) {
      const status: TestStatus = name === "failure" ? "failed" : name === "error" ? "errored" : "skipped";
      if (SEVERITY_ORDER.indexOf(status) <= SEVERITY_ORDER.indexOf(testCase.status)) return;
      testCase.status = status;
      if (status === "skipped") return;
      testCase.message = firstLine(attribute("message"));
      testCase.readingProblemText = !testCase.message;
      if (!testCase.message) testCase.message = attribute("type");
    }
  });
  parser.on("text", (text) => {
    if (testCase?.readingProblemText && text.trim()) {
      testCase.message = firstLine(text);
      testCase.readingProblemText = false;
    }
  });
  parser.on("closetag", ({ name }) => {
    if (name === "testsuite") suites.pop();
    else if (name === "testcase" && testCase) {
      const { identity, status, durationMs, message, file: testFile } = testCase;
      results.push({ testFingerprint: sha256(identity).slice(0, 16), name: identity, status, durationMs, message: status === "passed" || status === "skipped" ? "" : message || status, file: testFile });
      testCase = undefined;
    } else if ((name === "failure" || name === "error") && testCase) testCase.readingProblemText = false;
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof CfoError) throw error;
    throw new CfoError(`not JUnit XML: ${(error as Error).message.split("\n")[0]}`, { file, line: parser.line, column: parser.column });
  }
  if (!sawRoot) throw new CfoError("not JUnit XML: no <testsuites> or <testsuite> element", { file });
  return results;
}

function firstLine(message: string): string {
  return message.trim().split("\n")[0]!.slice(0, 500);
}
