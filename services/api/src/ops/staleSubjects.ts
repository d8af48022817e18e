import type { Store } from '@minerisk/shared/store/port';

/** The stale-subject count stops here: an admin view, not a scan of every subject. */
export const STALE_COUNT_LIMIT = 1000;

/**
 * Sites and routes whose change sequence is ahead of their score (waiting for a recompute), and sites whose
 * supply sequence is ahead of their supply score (docs/api.md "Supply chains"), up to the limit.
 */
export async function staleSubjectCount(store: Pick<Store, 'scores' | 'supply'>): Promise<number> {
  const scores = (await store.scores.listStale(STALE_COUNT_LIMIT)).length;
  if (scores >= STALE_COUNT_LIMIT) return scores;
  return scores + (await store.supply.listStale(STALE_COUNT_LIMIT - scores)).length;
}
