import { describe, expect, test } from "bun:test";
import { CurrencyMismatchError, InvalidAmountError, add, allocate, fromDecimal, money, multiply, sum } from "../src/index.ts";

describe("money", () => {
  test("fromDecimal keeps cents exact where floats would drift", () => {
    expect(fromDecimal(0.1 + 0.2, "USD")).toEqual(money(30, "USD"));
    expect(fromDecimal(1500, "JPY")).toEqual(money(1500, "JPY"));
  });

  test("rejects fractional minor units", () => {
    expect(() => money(10.5, "USD")).toThrow(InvalidAmountError);
  });

  test("adding different currencies is an error, not a silent sum", () => {
    expect(() => add(money(100, "USD"), money(100, "EUR"))).toThrow(CurrencyMismatchError);
  });

  test("multiply rounds half away from zero", () => {
    expect(multiply(money(5, "USD"), 0.5)).toEqual(money(3, "USD"));
    expect(multiply(money(-5, "USD"), 0.5)).toEqual(money(-3, "USD"));
  });

  test("allocate splits without losing a cent", () => {
    const parts = allocate(money(100, "USD"), [1, 1, 1]);
    expect(parts.map((p) => p.amount)).toEqual([34, 33, 33]);
    expect(sum(parts, "USD")).toEqual(money(100, "USD"));
  });
});
