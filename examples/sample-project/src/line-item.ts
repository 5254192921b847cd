// One billed line: a product, how many, at what unit price and tax rate.
import { type Money, multiply } from "./money.ts";
import { NO_TAX, type TaxRate } from "./tax.ts";
import { InvoiceError } from "./errors.ts";

export interface LineItem {
  readonly sku: string;
  readonly description: string;
  readonly unitPrice: Money;
  readonly quantity: number;
  readonly taxRate?: TaxRate;
}

export function lineNet(item: LineItem): Money {
  if (!Number.isInteger(item.quantity) || item.quantity <= 0) {
    throw new InvoiceError(`line ${item.sku}: quantity must be a positive integer, got ${item.quantity}`);
  }
  return multiply(item.unitPrice, item.quantity);
}

export function lineTaxRate(item: LineItem): TaxRate {
  return item.taxRate ?? NO_TAX;
}
