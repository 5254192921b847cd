// Builds an invoice: line nets, the discount spread across lines, tax per line, and the totals.
import type { Currency } from "./currency.ts";
import { addDays } from "./dates.ts";
import { type Discount, discountOn } from "./discount.ts";
import { InvoiceError } from "./errors.ts";
import { type LineItem, lineNet, lineTaxRate } from "./line-item.ts";
import { type Money, add, allocate, subtract, sum, zero } from "./money.ts";
import { taxOn } from "./tax.ts";

export interface InvoiceInput {
  readonly number: string;
  readonly currency: Currency;
  readonly items: readonly LineItem[];
  readonly discount?: Discount;
  readonly issuedAt: Date;
  /** Payment terms: "net 30" is 30. */
  readonly netDays: number;
}

export interface InvoiceLine {
  readonly item: LineItem;
  readonly net: Money;
  readonly discount: Money;
  readonly tax: Money;
}

export interface Invoice {
  readonly number: string;
  readonly issuedAt: Date;
  readonly dueAt: Date;
  readonly lines: readonly InvoiceLine[];
  readonly subtotal: Money;
  readonly discount: Money;
  readonly tax: Money;
  readonly total: Money;
}

export function buildInvoice(input: InvoiceInput): Invoice {
  if (input.items.length === 0) throw new InvoiceError(`invoice ${input.number} has no line items`);
  const nets = input.items.map(lineNet);
  const subtotal = sum(nets, input.currency);
  const discount = input.discount ? discountOn(subtotal, input.discount) : zero(input.currency);
  // Tax is charged on what the customer pays, so each line carries its share of the discount.
  const lineDiscounts = allocate(discount, nets.map((net) => net.amount));
  const lines = input.items.map((item, index): InvoiceLine => {
    const net = nets[index] ?? zero(input.currency);
    const lineDiscount = lineDiscounts[index] ?? zero(input.currency);
    return { item, net, discount: lineDiscount, tax: taxOn(subtract(net, lineDiscount), lineTaxRate(item)) };
  });
  const tax = sum(lines.map((line) => line.tax), input.currency);
  return {
    number: input.number,
    issuedAt: input.issuedAt,
    dueAt: addDays(input.issuedAt, input.netDays),
    lines,
    subtotal,
    discount,
    tax,
    total: add(subtract(subtotal, discount), tax),
  };
}
