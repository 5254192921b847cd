import { expect, test } from "bun:test";
import { buildInvoice, formatInvoice, formatMoney, money } from "../src/index.ts";

test("formatMoney uses the currency's minor units", () => {
  expect(formatMoney(money(1999, "USD"))).toBe("$19.99");
  expect(formatMoney(money(1500, "JPY"))).toBe("¥1,500");
  expect(formatMoney(money(1999, "EUR"), "de-DE")).toBe("19,99\u00a0€");
});

test("formatInvoice lists lines and totals", () => {
  const invoice = buildInvoice({
    number: "INV-7",
    currency: "USD",
    issuedAt: new Date("2024-01-15T00:00:00Z"),
    netDays: 14,
    items: [{ sku: "B-2", description: "Bolt pack", unitPrice: money(450, "USD"), quantity: 3 }],
  });
  expect(formatInvoice(invoice)).toBe(
    ["Invoice INV-7  issued 2024-01-15  due 2024-01-29", "3 x Bolt pack  $13.50", "Subtotal  $13.50", "Tax  $0.00", "Total  $13.50"].join("\n"),
  );
});
