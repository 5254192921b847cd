// Human-readable amounts and a plain-text invoice summary for emails and receipts.
import { isoDate } from "./dates.ts";
import type { Invoice } from "./invoice.ts";
import { type Money, toDecimal } from "./money.ts";
import { MINOR_UNIT_DIGITS } from "./currency.ts";

export function formatMoney(m: Money, locale = "en-US"): string {
  const digits = MINOR_UNIT_DIGITS[m.currency];
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: m.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(toDecimal(m));
}

export function formatInvoice(invoice: Invoice, locale = "en-US"): string {
  const rows = invoice.lines.map(
    (line) => `${line.item.quantity} x ${line.item.description}  ${formatMoney(line.net, locale)}`,
  );
  return [
    `Invoice ${invoice.number}  issued ${isoDate(invoice.issuedAt)}  due ${isoDate(invoice.dueAt)}`,
    ...rows,
    `Subtotal  ${formatMoney(invoice.subtotal, locale)}`,
    ...(invoice.discount.amount > 0 ? [`Discount  -${formatMoney(invoice.discount, locale)}`] : []),
    `Tax  ${formatMoney(invoice.tax, locale)}`,
    `Total  ${formatMoney(invoice.total, locale)}`,
  ].join("\n");
}
