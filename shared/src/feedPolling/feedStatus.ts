import type { FeedState } from '../domain';
import type { Store } from '../store/port';
import type { FeedDefinition } from './feedsConfig';
import { isStale } from './staleness';

/** One item of `GET /v1/ops/feeds` (docs/api.md Operations): a declared feed and how its polls are going. */
export type FeedStatus = Pick<
  FeedState,
  | 'format'
  | 'lastPollAt'
  | 'lastSuccessAt'
  | 'lastErrorAt'
  | 'lastError'
  | 'consecutiveFailures'
  | 'items'
  | 'acceptedTotal'
  | 'nextPollAt'
> & {
  id: string;
  /** The declared URL (credentials are never shown). */
  url: string;
  enabled: boolean;
  /** null for a public feed. */
  tenant: string | null;
  schedule: string;
  stale: boolean;
};

/** The status of every configured feed, in configuration order, from the stored feed states. */
export async function listFeedStatus(store: Pick<Store, 'feeds'>, feeds: FeedDefinition[], now: Date): Promise<FeedStatus[]> {
  const states = new Map((await store.feeds.list()).map((s) => [s.feedId, s]));
  return feeds.map((feed) => {
    const s = states.get(feed.id) ?? null;
    return {
      id: feed.id,
      format: feed.format,
      url: feed.url,
      enabled: feed.enabled,
      tenant: feed.tenant,
      schedule: feed.schedule,
      lastPollAt: s?.lastPollAt ?? null,
      lastSuccessAt: s?.lastSuccessAt ?? null,
      lastErrorAt: s?.lastErrorAt ?? null,
      lastError: s?.lastError ?? null,
      consecutiveFailures: s?.consecutiveFailures ?? 0,
      items: s?.items ?? 0,
      acceptedTotal: s?.acceptedTotal ?? 0,
      nextPollAt: s?.nextPollAt ?? null,
      stale: isStale(s, feed, now),
    };
  });
}
