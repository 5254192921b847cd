// Order-level discounts: a percentage or a fixed amount off, never more than the order is worth.
import { type Money, money, multiply } from "./money.ts";
import { CurrencyMismatchError } from "./errors.ts";

export type Discount =
  | { readonly kind: "percent"; readonly code: string; readonly percent: number }
  | { readonly kind: "fixed"; readonly code: string; readonly amount: Money };

export function discountOn(subtotal: Money, discount: Discount): Money {
  const off = discount.kind === "percent" ? multiply(subtotal, discount.percent / 100) : discount.amount;
  if (off.currency !== subtotal.currency) throw new CurrencyMismatchError(subtotal.currency, off.currency);
  return money(Math.min(Math.max(off.amount, 0), subtotal.amount), subtotal.currency);
}
