import { nextRetryDelay, parseRetryAfter, STANDARD_RETRY_SCHEDULE } from './retrySchedule';

const S = STANDARD_RETRY_SCHEDULE;
const HOUR = 3_600_000;

describe('the Standard Webhooks retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h between attempts (no jitter drawn)', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((k) => nextRetryDelay(S, k, null, () => 0));
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]);
  });

  it('keeps retrying for at least 72 h whatever the jitter draws, then gives up', () => {
    let total = 0;
    let k = 1;
    for (let d = nextRetryDelay(S, k, null, () => 0); d !== null; d = nextRetryDelay(S, ++k, null, () => 0)) total += d;
    expect(total).toBeGreaterThanOrEqual(72 * HOUR);
    expect(total).toBeLessThan(96 * HOUR);
    expect(nextRetryDelay(S, S.delaysMs.length + 1, null)).toBeNull();
  });

  it('jitter only lengthens a delay, by at most the jitter fraction', () => {
    expect(nextRetryDelay(S, 2, null, () => 0.999)).toBeGreaterThan(300_000);
    expect(nextRetryDelay(S, 2, null, () => 0.999)).toBeLessThanOrEqual(300_000 * (1 + S.jitter));
  });

  it('honours a longer Retry-After, up to a cap, and never shortens the schedule for a shorter one', () => {
    expect(nextRetryDelay(S, 1, 120_000, () => 0)).toBe(120_000);
    expect(nextRetryDelay(S, 2, 1_000, () => 0)).toBe(300_000);
    expect(nextRetryDelay(S, 1, 1_000 * HOUR, () => 0)).toBe(S.maxRetryAfterMs);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  it('reads delay-seconds and HTTP-dates, ignoring anything else', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter(['30', '60'], now)).toBe(30_000);
  });
});
