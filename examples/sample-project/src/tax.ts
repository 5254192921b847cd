// Sales tax and VAT on a net amount, rounded per line to the nearest minor unit.
import { type Money, multiply } from "./money.ts";

export interface TaxRate {
  readonly name: string;
  /** 8.25 means 8.25 %. */
  readonly percent: number;
}

export const NO_TAX: TaxRate = { name: "exempt", percent: 0 };

export function taxOn(net: Money, rate: TaxRate): Money {
  return multiply(net, rate.percent / 100);
}
