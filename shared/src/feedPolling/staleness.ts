import type { FeedState } from '../domain';
import type { FeedDefinition } from './feedsConfig';

/** A feed is stale after this many schedule intervals without a success... */
export const STALE_AFTER_INTERVALS = 3;
/** ...or after a day, whichever comes first. */
export const STALE_AFTER_MAX_MS = 24 * 3600_000;

/**
 * The stale-source alarm: an enabled feed with no successful poll (a document or a 304) for
 * min(3 × its schedule interval, 24 h). A feed that never succeeded is stale once it has failed that many
 * times in a row. A disabled or never-polled feed is not stale.
 */
export function isStale(state: FeedState | null, feed: Pick<FeedDefinition, 'enabled' | 'intervalMs'>, now: Date): boolean {
  if (!feed.enabled || state === null) return false;
  if (state.lastSuccessAt === null) return state.consecutiveFailures >= STALE_AFTER_INTERVALS;
  const threshold = Math.min(STALE_AFTER_INTERVALS * feed.intervalMs, STALE_AFTER_MAX_MS);
  return now.getTime() - Date.parse(state.lastSuccessAt) > threshold;
}
