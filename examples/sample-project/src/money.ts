// Money as an integer count of minor units, so sums never drift the way binary floats do.
import { type Currency, minorUnitsPerMajor } from "./currency.ts";
import { CurrencyMismatchError, InvalidAmountError } from "./errors.ts";

export interface Money {
  /** Integer minor units: 1999 is 19.99 USD. */
  readonly amount: number;
  readonly currency: Currency;
}

export function money(amount: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amount)) throw new InvalidAmountError("amount", amount);
  return { amount, currency };
}

export function zero(currency: Currency): Money {
  return money(0, currency);
}

export function fromDecimal(value: number, currency: Currency): Money {
  return money(roundHalfAwayFromZero(value * minorUnitsPerMajor(currency)), currency);
}

export function toDecimal(m: Money): number {
  return m.amount / minorUnitsPerMajor(m.currency);
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function multiply(m: Money, factor: number): Money {
  return money(roundHalfAwayFromZero(m.amount * factor), m.currency);
}

export function sum(amounts: readonly Money[], currency: Currency): Money {
  return amounts.reduce(add, zero(currency));
}

/**
 * Splits `total` in proportion to `weights` so that the parts add up to exactly `total`:
 * the minor units lost to rounding go to the largest remainders first.
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) return weights.map(() => zero(total.currency));
  const exact = weights.map((w) => (total.amount * w) / weightSum);
  const parts = exact.map(Math.floor);
  let leftover = total.amount - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { index } of byRemainder) {
    if (leftover <= 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    leftover -= 1;
  }
  return parts.map((amount) => money(amount, total.currency));
}

function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}
