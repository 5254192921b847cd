// Errors invoice-kit throws; each names the value that was wrong so the caller can fix its input.

export class InvoiceError extends Error {
  override name = "InvoiceError";
}

export class CurrencyMismatchError extends InvoiceError {
  override name = "CurrencyMismatchError";
  constructor(expected: string, actual: string) {
    super(`expected an amount in ${expected}, got ${actual}`);
  }
}

export class InvalidAmountError extends InvoiceError {
  override name = "InvalidAmountError";
  constructor(what: string, value: number) {
    super(`${what} must be a finite integer number of minor units, got ${value}`);
  }
}

export class RateUnavailableError extends InvoiceError {
  override name = "RateUnavailableError";
  constructor(from: string, to: string, cause: unknown) {
    super(`no exchange rate for ${from}->${to}`, { cause });
  }
}
