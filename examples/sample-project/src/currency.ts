// The ISO 4217 currencies invoice-kit prices in, with how many minor units (cents) each one has.

export const MINOR_UNIT_DIGITS = { USD: 2, EUR: 2, GBP: 2, CHF: 2, JPY: 0 } as const;

export type Currency = keyof typeof MINOR_UNIT_DIGITS;

export function isCurrency(code: string): code is Currency {
  return Object.hasOwn(MINOR_UNIT_DIGITS, code);
}

/** 100 for USD (cents), 1 for JPY (no minor unit). */
export function minorUnitsPerMajor(currency: Currency): number {
  return 10 ** MINOR_UNIT_DIGITS[currency];
}
