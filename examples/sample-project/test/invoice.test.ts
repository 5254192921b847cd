import { describe, expect, test } from "bun:test";
import { InvoiceError, buildInvoice, money, type InvoiceInput } from "../src/index.ts";

const order: InvoiceInput = {
  number: "INV-2024-0042",
  currency: "USD",
  issuedAt: new Date("2024-03-01T00:00:00Z"),
  netDays: 30,
  discount: { kind: "percent", code: "SPRING10", percent: 10 },
  items: [
    { sku: "W-1", description: "Widget", unitPrice: money(1999, "USD"), quantity: 2, taxRate: { name: "TX", percent: 8.25 } },
    { sku: "S-9", description: "Setup service", unitPrice: money(12_000, "USD"), quantity: 1 },
  ],
};

describe("buildInvoice", () => {
  test("totals: subtotal - discount + tax on the discounted lines", () => {
    const invoice = buildInvoice(order);
    expect(invoice.subtotal).toEqual(money(15_998, "USD"));
    expect(invoice.discount).toEqual(money(1600, "USD"));
    expect(invoice.lines.map((line) => line.discount.amount)).toEqual([400, 1200]);
    expect(invoice.tax).toEqual(money(297, "USD"));
    expect(invoice.total).toEqual(money(14_695, "USD"));
  });

  test("due date follows the payment terms", () => {
    expect(buildInvoice(order).dueAt.toISOString()).toBe("2024-03-31T00:00:00.000Z");
  });

  test("a fixed discount never exceeds the order", () => {
    const invoice = buildInvoice({ ...order, discount: { kind: "fixed", code: "BIG", amount: money(99_999, "USD") } });
    expect(invoice.total).toEqual(money(0, "USD"));
  });

  test("an empty invoice is refused", () => {
    expect(() => buildInvoice({ ...order, items: [] })).toThrow(InvoiceError);
  });
});
