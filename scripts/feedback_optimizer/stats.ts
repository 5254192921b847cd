// Success rates with 95% Wilson score intervals: honest bounds for small counts (0 of 14 is not "0%").

export interface Rate {
  attempts: number;
  successes: number;
  /** successes / attempts, 0..1. */
  rate: number;
  /** 95% Wilson score interval, 0..1. */
  ci95: [number, number];
}

const Z95 = 1.959963984540054;

export function wilsonInterval(successes: number, attempts: number, z = Z95): [number, number] {
  if (attempts === 0) return [0, 1];
  const p = successes / attempts;
  const z2 = z * z;
  const denominator = 1 + z2 / attempts;
  const center = (p + z2 / (2 * attempts)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / attempts + z2 / (4 * attempts * attempts))) / denominator;
  // At 0 and n successes the bounds are exactly 0 and 1; floating point would leave 1e-17.
  return [successes === 0 ? 0 : Math.max(0, center - half), successes === attempts ? 1 : Math.min(1, center + half)];
}

/** A rate with its interval; null when nothing was attempted. */
export function rateOf(successes: number, attempts: number): Rate | null {
  return attempts > 0 ? { attempts, successes, rate: successes / attempts, ci95: wilsonInterval(successes, attempts) } : null;
}

/** "0 of 14 retries passed (95% CI 0-22%)". */
export function describeRate(rate: Rate, noun: string): string {
  const [low, high] = rate.ci95;
  return `${rate.successes} of ${rate.attempts} ${noun} passed (95% CI ${percent(low)}-${percent(high)}%)`;
}

function percent(share: number): string {
  return (share * 100).toFixed(0);
}
