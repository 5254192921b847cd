// invoice-kit's public API.
export { type Currency, isCurrency, minorUnitsPerMajor } from "./currency.ts";
export { CurrencyMismatchError, InvalidAmountError, InvoiceError, RateUnavailableError } from "./errors.ts";
export { type Money, add, allocate, fromDecimal, money, multiply, subtract, sum, toDecimal, zero } from "./money.ts";
export { NO_TAX, type TaxRate, taxOn } from "./tax.ts";
export { type Discount, discountOn } from "./discount.ts";
export { type LineItem, lineNet } from "./line-item.ts";
export { type Invoice, type InvoiceInput, type InvoiceLine, buildInvoice } from "./invoice.ts";
export { formatInvoice, formatMoney } from "./format.ts";
export { CachedRates, type RateProvider, convert } from "./exchange-rates.ts";
