import { newFeedState, type FeedState } from '../domain';
import { isStale } from './staleness';

const T = Date.parse('2025-09-03T10:00:00Z');
const H = 3600_000;
const state = (o: Partial<FeedState>): FeedState => ({ ...newFeedState('f', 'usgs', 'https://example.org/f'), ...o });

describe('isStale', () => {
  const every10min = { enabled: true, intervalMs: 10 * 60_000 };
  const daily = { enabled: true, intervalMs: 24 * H };

  it('is stale after 3 schedule intervals without success', () => {
    const s = state({ lastSuccessAt: new Date(T).toISOString() });
    expect(isStale(s, every10min, new Date(T + 30 * 60_000))).toBe(false);
    expect(isStale(s, every10min, new Date(T + 31 * 60_000))).toBe(true);
  });

  it('is stale after 24 h however rare the schedule', () => {
    const s = state({ lastSuccessAt: new Date(T).toISOString() });
    expect(isStale(s, daily, new Date(T + 23 * H))).toBe(false);
    expect(isStale(s, daily, new Date(T + 25 * H))).toBe(true);
  });

  it('counts failures for a feed that never succeeded; a disabled or never-polled feed is not stale', () => {
    expect(isStale(state({ consecutiveFailures: 2 }), every10min, new Date(T))).toBe(false);
    expect(isStale(state({ consecutiveFailures: 3 }), every10min, new Date(T))).toBe(true);
    expect(isStale(state({ consecutiveFailures: 9 }), { ...every10min, enabled: false }, new Date(T))).toBe(false);
    expect(isStale(null, every10min, new Date(T))).toBe(false);
  });
});
