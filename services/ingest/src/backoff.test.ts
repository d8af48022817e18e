import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelayMs', () => {
  const exact = () => 0.5;

  it('doubles from the base after each failure and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, DEFAULT_BACKOFF, exact))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffDelayMs(30, DEFAULT_BACKOFF, exact)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(backoffDelayMs(10_000, DEFAULT_BACKOFF, exact)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(backoffDelayMs(0)).toBe(0);
  });

  it('spreads retries by ±jitter, never past the cap', () => {
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(48_000);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0.999999)).toBe(72_000);
    expect(backoffDelayMs(40, DEFAULT_BACKOFF, () => 0.999999)).toBe(DEFAULT_BACKOFF.maxMs);
  });
});
