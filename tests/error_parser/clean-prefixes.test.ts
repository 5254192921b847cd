// The prefixes a CI system or container runner puts before each line (timestamps, buildkit's step, compose's
// service) go, so a tool's line-start format is read as the tool printed it, and the line numbers stay those of
// the file; a tool's own output that starts in a similar way stays. Each line is from a real log, its source in
// a comment (one joins two real forms, as it says).

import { describe, expect, test } from "bun:test";
import { cleanLine } from "../../scripts/error_parser/clean.ts";
import { lines, shippedAnalyzer } from "./analyze-lines.ts";

const analyze = shippedAnalyzer();

describe("line prefixes that go", () => {
  test("a CI system's timestamps, whatever their form", () => {
    // openSUSE/obs-build#967 (Open Build Service: seconds since the build started)
    expect(cleanLine("[    3s] syntax error at line 1, column 0, byte 0:")).toBe("syntax error at line 1, column 0, byte 0:");
    // JetBrains/teamcity-unity-plugin#92 (TeamCity: time, the message's status, the build step)
    expect(cleanLine("[18:28:21]E:     [Step 1/2] [Script Updater] Library/PackageCache/x/U2DToURPPixelPerfectConverter.cs(26,65): error CS0234: x")).toBe(
      "[Script Updater] Library/PackageCache/x/U2DToURPPixelPerfectConverter.cs(26,65): error CS0234: x",
    );
    expect(cleanLine("[18:28:19] :     [Step 1/2] STDERR:")).toBe("STDERR:");
    // Jenkins Timestamper in a pipeline: Jenkins output quoted in sky-uk's id-oogway overnight-pipeline notes
    expect(cleanLine("[2022-01-12T19:01:12.301Z] FAILURE: Build failed with an exception.")).toBe("FAILURE: Build failed with an exception.");
    // Jenkins Timestamper, time of day only: cilium/cilium#1111, eclipse-sirius/sirius-desktop#187 (two spaces)
    expect(cleanLine("21:30:28 [K8s multi node Tests] ==> k8s1-build-1: Checking if box 'bento/ubuntu-16.10' is up to date...")).toBe(
      "[K8s multi node Tests] ==> k8s1-build-1: Checking if box 'bento/ubuntu-16.10' is up to date...",
    );
    expect(cleanLine("18:17:25  [INFO] --- org.eclipse.acceleo.:3.5.2:acceleo-compile (acceleo-compile) @ org.eclipse.sirius.tests.junit ---")).toBe(
      "[INFO] --- org.eclipse.acceleo.:3.5.2:acceleo-compile (acceleo-compile) @ org.eclipse.sirius.tests.junit ---",
    );
    // GitLab runner 17+ (FF_TIMESTAMPS): timestamp, then the stream (`01E`: stream 1, stderr; `+`: a continued line).
    // A job log quoted on dri-devel (2026-01-13, "Oh where is this thames_accel.h")
    expect(cleanLine("2026-01-13T18:16:11.881115Z 01E compilation terminated.")).toBe("compilation terminated.");
    expect(cleanLine('2026-05-08T09:28:43.725057Z 00O+Preparing the "shell" executor')).toBe('Preparing the "shell" executor');
    // A date and time with a space, bracketed or not, with an offset: wget and xcodebuild's NSLog in LogChunks
    // (twbs/bootstrap, ReactiveCocoa), Flask's and gunicorn's default formats as threads quote them
    expect(cleanLine("2019-08-01 15:10:40 URL:https://dl.google.com/dl/linux/direct/google-chrome-stable_current_amd64.deb")).toBe(
      "URL:https://dl.google.com/dl/linux/direct/google-chrome-stable_current_amd64.deb",
    );
    expect(cleanLine("2019-04-20 00:41:57.053 xcodebuild[3497:8329]  IDETestOperationsObserverDebug: Writing diagnostic log")).toBe(
      "xcodebuild[3497:8329]  IDETestOperationsObserverDebug: Writing diagnostic log",
    );
    expect(cleanLine("[2018-08-20 17:21:50,160] ERROR in app: Exception on /err [GET]")).toBe("ERROR in app: Exception on /err [GET]");
    expect(cleanLine("[2017-07-13 16:33:24 +0000] [18] [INFO] Booting worker with pid: 18")).toBe("[18] [INFO] Booting worker with pid: 18");
  });

  test("a container runner's prefix, also under a CI timestamp", () => {
    // IBM/CodeEngine#61, OpenSlides/OpenSlides#5764 (docker buildkit: step, then elapsed seconds)
    expect(cleanLine('#6 1.741 npm ERR! Tracker "idealTree" already exists')).toBe('npm ERR! Tracker "idealTree" already exists');
    expect(cleanLine("#16 38.24 npm ERR! cb() never called!")).toBe("npm ERR! cb() never called!");
    // wsvincent/djangoforprofessionals_30#1 (compose v1), RCOSDP/RDM-osf.io#568 (compose v2)
    expect(cleanLine("web_1  | ModuleNotFoundError: No module named 'django'")).toBe("ModuleNotFoundError: No module named 'django'");
    expect(cleanLine("web-1  | ModuleNotFoundError: No module named 'website'")).toBe("ModuleNotFoundError: No module named 'website'");
    expect(cleanLine("web_1  | ")).toBe("");
    // GoogleCloudPlatform/buildpacks#469, GoogleCloudPlatform/cloud-builders-community#106 (Cloud Build's step), and
    // with the step's id, a Cloud Build log quoted in a public repository's notes (a terraform pipeline)
    expect(cleanLine("Step #1: [builder] npm error code EUSAGE")).toBe("[builder] npm error code EUSAGE");
    expect(cleanLine("Step #0: Sending build context to Docker daemon 23.55kB")).toBe("Sending build context to Docker daemon 23.55kB");
    expect(cleanLine('Step #1 - "Init": Using default tag: latest')).toBe("Using default tag: latest");
    // Both at once: IBM/CodeEngine#61's buildkit line as a GitHub Actions step log stamps it
    expect(cleanLine('2023-11-15T13:12:05.8870000Z #6 1.741 npm ERR! Tracker "idealTree" already exists')).toBe('npm ERR! Tracker "idealTree" already exists');
  });

  test("Buildkite's timestamp, a control string a terminal does not show", () => {
    // The APC the Buildkite agent writes before each line of a raw job log (as Buildkite log parsers' tests show it)
    expect(cleanLine("\x1b_bk;t=1745322209921\x07~~~ Running global environment hook")).toBe("~~~ Running global environment hook");
  });
});

describe("a tool's own output stays", () => {
  test("stack frames, a source gutter, tables, a runner's own status lines", () => {
    // Dart's and PHP's stack frame formats, rustc's gutter (gh-rustc-e0308-001), istanbul's coverage
    // table, conda's download progress with the package name cut to its column (Python/scikit-learn LogChunks logs),
    // buildkit's step status (IBM/CodeEngine#61), compose without a replica number (nlweb-ai/NLWeb#292: kept, it
    // cannot be told from a table's first column), docker's own step line (GoogleCloudPlatform/cloud-builders#307)
    for (const line of [
      "#0      main.<anonymous closure> (file:///app/test/widget_test.dart:20:5)",
      "#0 /var/www/vendor/phpunit/phpunit/src/Framework/TestCase.php(1154): PHPUnit\\Framework\\TestCase->runTest()",
      "59 |             data_dir",
      "File      | % Stmts | % Branch | % Funcs | % Lines | Uncovered Line #s",
      "ca-certificates-2019 | 133 KB    | ##################################### | 100%",
      '#6 ERROR: process "/bin/sh -c npm install" did not complete successfully: exit code: 1',
      "nlweb  | Traceback (most recent call last):",
      "Step 1/7 : FROM node:9-alpine",
    ]) {
      expect(cleanLine(line)).toBe(line);
    }
  });

  test("a program's own log record that starts with a time of day and a lower-case level", () => {
    // Elixir Logger (the `log-record.below-error` pattern reads it whole)
    expect(cleanLine("10:21:33.015 [info] Connection timed out, retrying")).toBe("10:21:33.015 [info] Connection timed out, retrying");
  });
});

describe("a prefixed log reads as the same log without its prefixes", () => {
  // Each pair: the lines as the CI system logged them, and the prefix width (or a function) to take off by hand.
  const logs: [name: string, logged: string[], unprefixed: (line: string) => string][] = [
    [
      // wsvincent/djangoforprofessionals_30#1: the traceback was reported from its last line only
      "docker compose",
      [
        "Attaching to hello_web_1",
        "web_1  | Traceback (most recent call last):",
        'web_1  |   File "/code/manage.py", line 10, in main',
        "web_1  |     from django.core.management import execute_from_command_line",
        "web_1  | ModuleNotFoundError: No module named 'django'",
        "hello_web_1 exited with code 1",
      ],
      (line) => line.replace(/^web_1  \| /, ""),
    ],
    [
      // The dri-devel job log above (its first line was wrapped by the mail and is joined here): gcc's excerpt was cut off
      "GitLab runner",
      [
        "2026-01-13T18:16:11.881084Z 01E drivers/accel/thames/thames_drv.c:8:10: fatal error: drm/thames_accel.h: No such file or directory",
        "2026-01-13T18:16:11.881086Z 01E     8 | #include <drm/thames_accel.h>",
        "2026-01-13T18:16:11.881087Z 01E       |          ^~~~~~~~~~~~~~~~~~~~",
        "2026-01-13T18:16:11.881115Z 01E compilation terminated.",
        "2026-01-13T18:16:11.884552Z 01E make[8]: *** [scripts/Makefile.build:287: drivers/accel/thames/thames_drv.o] Error 1",
      ],
      (line) => line.slice(32),
    ],
    [
      // The id-oogway Jenkins output above: gradle's `FAILURE:` heading and its verdict were bare keyword hits
      "Jenkins Timestamper",
      [
        "[2022-01-12T19:01:04.191Z] WARNING: All illegal access operations will be denied in a future release",
        "[2022-01-12T19:01:12.301Z] ",
        "[2022-01-12T19:01:12.301Z] FAILURE: Build failed with an exception.",
        "[2022-01-12T19:01:12.301Z] ",
        "[2022-01-12T19:01:12.301Z] * What went wrong:",
        "[2022-01-12T19:01:12.301Z] A problem occurred configuring project ':app'.",
        "[2022-01-12T19:01:12.301Z] > Could not resolve all artifacts for configuration ':app:classpath'.",
        "[2022-01-12T19:01:12.301Z]    > Could not resolve com.sky.cirrus.core.gradle:k8-plugin:33.+.",
        "[2022-01-12T19:01:12.302Z]                > Could not GET 'https://jcenter.bintray.com/com/sky/cirrus/core/gradle/k8-plugin/maven-metadata.xml'. Received status code 502 from server: Bad Gateway",
        "[2022-01-12T19:01:12.302Z] ",
        "[2022-01-12T19:01:12.302Z] BUILD FAILED in 11s",
      ],
      (line) => line.slice(27),
    ],
    [
      // IBM/CodeEngine#61: buildkit's verdict line was taken for the cause
      "docker buildkit",
      [
        "#6 [2/3] RUN npm install",
        '#6 1.741 npm ERR! Tracker "idealTree" already exists',
        "#6 1.744 ",
        "#6 1.744 npm ERR! A complete log of this run can be found in: /root/.npm/_logs/2023-11-15T13_12_05_887Z-debug-0.log",
        '#6 ERROR: process "/bin/sh -c npm install" did not complete successfully: exit code: 1',
      ],
      (line) => line.replace(/^#6 \d+\.\d+ /, ""),
    ],
  ];

  for (const [name, logged, unprefixed] of logs) {
    test(name, () => {
      const prefixed = analyze(lines(...logged));
      const plain = analyze(lines(...logged.map(unprefixed)));
      expect(prefixed.ranges).toEqual(plain.ranges);
      expect(prefixed.primary?.match).toEqual(plain.primary?.match);
      expect(prefixed.primary?.lines).toEqual(plain.primary?.lines);
    });
  }
});
