import type { Store } from '@minerisk/shared/store/port';

/** Age in seconds of the oldest accepted event the scoring worker has not applied yet; 0 when none waits. */
export async function scoringLagSeconds(store: Store, now: Date): Promise<number> {
  const [oldest] = await store.events.listUnprocessed(now.toISOString(), 1);
  if (!oldest) return 0;
  return Math.max(0, (now.getTime() - Date.parse(oldest.knownAt)) / 1000);
}
