// Converting amounts between currencies with rates from a provider, cached for a while because
// rate APIs are slow and rate-limited.
import type { Currency } from "./currency.ts";
import { RateUnavailableError } from "./errors.ts";
import { type Money, fromDecimal, toDecimal } from "./money.ts";

export interface RateProvider {
  /** How many units of `to` one unit of `from` buys. */
  rate(from: Currency, to: Currency): Promise<number>;
}

export async function convert(m: Money, to: Currency, provider: RateProvider): Promise<Money> {
  if (m.currency === to) return m;
  let rate: number;
  try {
    rate = await provider.rate(m.currency, to);
  } catch (cause) {
    throw new RateUnavailableError(m.currency, to, cause);
  }
  return fromDecimal(toDecimal(m) * rate, to);
}

export class CachedRates implements RateProvider {
  private readonly cache = new Map<string, { rate: number; fetchedAt: number }>();

  constructor(
    private readonly upstream: RateProvider,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async rate(from: Currency, to: Currency): Promise<number> {
    const key = `${from}->${to}`;
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.fetchedAt < this.ttlMs) return cached.rate;
    const rate = await this.upstream.rate(from, to);
    this.cache.set(key, { rate, fetchedAt: this.now() });
    return rate;
  }
}
