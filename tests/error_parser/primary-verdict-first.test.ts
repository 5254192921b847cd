// A wrapper that prints its verdict before the wrapped tool's output (flutter's `Failed to build iOS app`, then
// xcodebuild's `** BUILD FAILED **`, then Xcode's output): the tool's own error below the failure line is the cause,
// not the wrapper's bare keyword line above it. Each log is an excerpt pasted into a public thread, cited above it.

import { describe, expect, test } from "bun:test";
import { lines, shippedAnalyzer } from "./analyze-lines.ts";

const analyze = shippedAnalyzer();

describe("a verdict printed before the tool's output", () => {
  test("swiftc's error in Xcode's output, below flutter's and xcodebuild's verdicts", () => {
    // ScerIO/packages.flutter#382
    const { primary } = analyze(
      lines(
        "Failed to build iOS app",
        "Error output from Xcode build:",
        "↳",
        "    ** BUILD FAILED **",
        "Xcode's output:",
        "↳",
        "    Writing result bundle at path:",
        "    \t/var/folders/kh/07x1knf54ns4df63_v4_q26r0000gn/T/flutter_tools.MRZ33S/flutter_ios_build_temp_dirX8NYJG/temporary_xcresult_bundle",
        "/Users/xxx/dev/flutter/.pub-cache/hosted/pub.dartlang.org/pdfx-2.3.0/ios/Classes/SwiftPdfxPlugin.swift:10:56: error: cannot find type 'PdfxApi' in scope",
        "    public class SwiftPdfxPlugin: NSObject, FlutterPlugin, PdfxApi {",
        "                                                           ^~~~~~~",
      ),
    );
    expect(primary).toMatchObject({ first: 9, match: { category: "syntax" } });
  });

  test("clang's error in Xcode's output, with flutter's launch errors after it", () => {
    // spencerccf/app_settings#12
    const { primary } = analyze(
      lines(
        "Launching lib/main.dart on Device in debug mode...",
        "Xcode build done.                                            5.5s",
        "Failed to build iOS app",
        "Error output from Xcode build:",
        "↳",
        "    ** BUILD FAILED **",
        "Xcode's output:",
        "↳",
        "    === BUILD TARGET firebase_messaging OF PROJECT Pods WITH CONFIGURATION Debug ===",
        "    /Users/x/Development/Tools/flutter/.pub-cache/hosted/pub.dartlang.org/app_settings-1.0.6/ios/Classes/AppSettingsPlugin.m:2:9: fatal error: 'app_settings/app_settings-Swift.h' file not found",
        "    #import <app_settings/app_settings-Swift.h>",
        "            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
        "    1 error generated.",
        "Could not build the precompiled application for the device.",
        "Error launching application on Device.",
      ),
    );
    expect(primary).toMatchObject({ match: { patternId: "c.compile" } });
    expect(primary!.message).toContain("AppSettingsPlugin.m:2:9: fatal error:");
  });
});
