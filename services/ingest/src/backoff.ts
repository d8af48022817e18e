/** How long a failing feed rests before its next poll. */
export interface BackoffOptions {
  /** Delay after the first failure, ms. Default 60 000 (1 min). */
  baseMs: number;
  /** Cap, ms. Default 6 h: a dead source is still tried a few times a day. */
  maxMs: number;
  /** ± fraction of random spread, so feeds failing together do not retry together. Default 0.2. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 60_000, maxMs: 6 * 3600_000, jitter: 0.2 };

/** Exponential (base · 2^(failures−1)), capped, with jitter; `random` in [0, 1). */
export function backoffDelayMs(
  consecutiveFailures: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (consecutiveFailures <= 0) return 0;
  const exponential = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(consecutiveFailures - 1, 40));
  const spread = 1 + opts.jitter * (2 * random() - 1);
  return Math.round(Math.min(opts.maxMs, exponential * spread));
}
