import type { FeedFormat } from '../../domain';
import type { Store } from '../../store/port';
import type { FeedDefinition } from './feedsConfig';
import { isStale } from './staleness';

/** One item of `GET /v1/ops/feeds` (API.md Operations): a polled feed and how its polls are going. */
export interface FeedStatus {
  id: string;
  format: FeedFormat;
  /** The declared URL (credentials are never shown). */
  url: string;
  enabled: boolean;
  /** null for a public feed. */
  tenant: string | null;
  schedule: string;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** Items in the last document read. */
  items: number;
  /** New events accepted from this feed in total. */
  acceptedTotal: number;
  /** While backing off after failures, when the next poll may run. */
  nextPollAt: string | null;
  stale: boolean;
}

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
