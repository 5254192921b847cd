import { describe, expect, test } from "bun:test";
import { CachedRates, RateUnavailableError, convert, money, type Currency, type RateProvider } from "../src/index.ts";

/** A rate API stand-in that answers after `latencyMs`, like a real one over the network. */
function simulatedProvider(rates: Record<string, number>, latencyMs: number): RateProvider & { calls: number } {
  const provider = {
    calls: 0,
    async rate(from: Currency, to: Currency): Promise<number> {
      provider.calls += 1;
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const rate = rates[`${from}->${to}`];
      if (rate === undefined) throw new Error(`HTTP 404 for ${from}->${to}`);
      return rate;
    },
  };
  return provider;
}

describe("exchange rates", () => {
  test("converts through a provider with network-like latency", async () => {
    const provider = simulatedProvider({ "EUR->USD": 1.0843 }, 5);
    expect(await convert(money(10_000, "EUR"), "USD", provider)).toEqual(money(10_843, "USD"));
  });

  test("a missing rate is reported with both currencies", async () => {
    const provider = simulatedProvider({}, 1);
    await expect(convert(money(100, "GBP"), "CHF", provider)).rejects.toThrow(RateUnavailableError);
  });

  test("rates are cached until the TTL expires", async () => {
    let clock = 0;
    const upstream = simulatedProvider({ "USD->JPY": 151.2 }, 1);
    const rates = new CachedRates(upstream, 60_000, () => clock);
    await rates.rate("USD", "JPY");
    await rates.rate("USD", "JPY");
    expect(upstream.calls).toBe(1);
    clock = 60_000;
    await rates.rate("USD", "JPY");
    expect(upstream.calls).toBe(2);
  });
});
