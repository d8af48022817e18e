const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface RetrySchedule {
  /** Delay before retry k of a chain (after its k-th failed attempt): delaysMs[k - 1]; past the end, give up. */
  delaysMs: readonly number[];
  /** Each delay is stretched by up to this fraction at random, so receivers coming back are not stampeded. */
  jitter: number;
  /** A `Retry-After` longer than the scheduled delay is honoured up to this. */
  maxRetryAfterMs: number;
  /** A subscription whose deliveries have failed without a break for this long is disabled. */
  disableAfterMs: number;
}

/**
 * The Standard Webhooks schedule (the first attempt is at once): 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h
 * apart. Jitter only lengthens delays, so the chain lasts at least the sum: 77 h 35 min ≥ the 72 h promised.
 */
export const STANDARD_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, ...Array.from({ length: 7 }, () => 10 * HOUR)],
  jitter: 0.2,
  maxRetryAfterMs: 24 * HOUR,
  disableAfterMs: 5 * 24 * HOUR,
};

/** The wait before the next attempt, or null when the chain is exhausted (the delivery is dead-lettered). */
export function nextRetryDelay(
  schedule: RetrySchedule,
  failedInChain: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  const base = schedule.delaysMs[failedInChain - 1];
  if (base === undefined) return null;
  const jittered = base * (1 + schedule.jitter * random());
  const asked = retryAfterMs === null ? 0 : Math.min(retryAfterMs, schedule.maxRetryAfterMs);
  return Math.round(Math.max(jittered, asked));
}

/** RFC 9110 §10.2.3: `Retry-After` is delay-seconds or an HTTP-date; anything else is ignored. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * SECOND;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
