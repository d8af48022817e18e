import type { Store } from '@minerisk/shared/store/port';

/** The stale-subject count stops here: an admin view, not a scan of every subject. */
export const STALE_COUNT_LIMIT = 1000;

/** Sites and routes whose change sequence is ahead of their score (waiting for a recompute), up to the limit. */
export async function staleSubjectCount(store: Pick<Store, 'scores'>): Promise<number> {
  return (await store.scores.listStale(STALE_COUNT_LIMIT)).length;
}
