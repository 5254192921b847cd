// The ReDoS check judges a pattern's top-level alternatives one by one: the split must never cut
// inside a group, a character class or an escape, and a pattern with backreferences stays whole.

import { describe, expect, test } from "bun:test";
import { topLevelAlternatives } from "../../scripts/lib/config/regex-safety.ts";

describe("topLevelAlternatives", () => {
  test("splits only at the top level", () => {
    expect(topLevelAlternatives(String.raw`^error: (a|b)|[|(]x\|y|(?:c|d)+$`)).toEqual(["^error: (a|b)", String.raw`[|(]x\|y`, "(?:c|d)+$"]);
  });

  test("a pattern without alternation is itself", () => {
    expect(topLevelAlternatives(String.raw`^\[error\] .+`)).toEqual([String.raw`^\[error\] .+`]);
  });

  test("backreferences keep the pattern whole", () => {
    expect(topLevelAlternatives(String.raw`(['"]).*\1|x`)).toEqual([String.raw`(['"]).*\1|x`]);
    expect(topLevelAlternatives(String.raw`(?<q>a)\k<q>|b`)).toEqual([String.raw`(?<q>a)\k<q>|b`]);
  });
});
