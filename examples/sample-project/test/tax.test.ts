import { expect, test } from "bun:test";
import { NO_TAX, money, taxOn } from "../src/index.ts";

const TEXAS = { name: "TX sales tax", percent: 8.25 };

test("tax rounds to the nearest cent", () => {
  // 19.99 * 8.25 % = 1.649175
  expect(taxOn(money(1999, "USD"), TEXAS)).toEqual(money(165, "USD"));
});

test("exempt lines carry no tax", () => {
  expect(taxOn(money(1999, "USD"), NO_TAX)).toEqual(money(0, "USD"));
});
