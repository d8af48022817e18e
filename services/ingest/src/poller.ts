import type { Registry } from 'prom-client';
import type { FeedState } from '@minerisk/shared/domain';
import type { EnqueueEvents } from '@minerisk/shared/ingest/accept';
import type { Logger } from '@minerisk/shared/runtime/logger';
import type { Store } from '@minerisk/shared/store/port';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { createFeedMetrics } from './feedMetrics';
import type { FeedDefinition } from '@minerisk/shared/feedPolling/feedsConfig';
import { pollFeed, type PollFeedDeps, type PollOutcome } from './pollFeed';
import { isStale } from '@minerisk/shared/feedPolling/staleness';

export type { PollOutcome } from './pollFeed';

export interface PollerDeps {
  store: Store;
  enqueueEvents: EnqueueEvents;
  logger: Logger;
  /** Default: the system clock. */
  now?: () => Date;
  /** Default: the global fetch. */
  fetchImpl?: typeof fetch;
  /** Where the feed metrics go. Default: prom-client's global registry. */
  registry?: Registry;
  /** Default DEFAULT_BACKOFF (1 min doubling to 6 h, ±20 %). */
  backoff?: BackoffOptions;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
}

export interface Poller {
  /** Polls a feed now (joins a poll of that feed already running). Never throws for a failed poll. */
  pollOnce(feedId: string): Promise<PollOutcome>;
  /** What the schedule calls: polls unless the feed is busy or backing off (nextPollAt in the future). */
  tick(feedId: string): Promise<PollOutcome>;
  /** Re-evaluates the stale alarm of every feed (and the last-success gauge, after a restart). */
  refreshMetrics(): Promise<void>;
  /** Resolves when no poll is running. */
  idle(): Promise<void>;
}

/**
 * The feed poller: at most one poll per feed at a time, scheduled ticks skipped while a feed backs off,
 * and the stale alarm kept current. Re-polls cost nothing downstream: the store counts exact repeats as
 * duplicates and only new events are queued (job id = event id).
 */
export function createPoller(deps: PollerDeps, feeds: FeedDefinition[]): Poller {
  const ctx: PollFeedDeps = {
    store: deps.store,
    enqueueEvents: deps.enqueueEvents,
    logger: deps.logger,
    metrics: createFeedMetrics(deps.registry),
    now: deps.now ?? (() => new Date()),
    fetchImpl: deps.fetchImpl ?? fetch,
    backoff: deps.backoff ?? DEFAULT_BACKOFF,
    random: deps.random ?? Math.random,
  };
  const byId = new Map(feeds.map((f) => [f.id, f]));
  const running = new Map<string, Promise<PollOutcome>>();

  function feedOf(feedId: string): FeedDefinition {
    const feed = byId.get(feedId);
    if (!feed) throw new Error(`unknown feed "${feedId}"`);
    return feed;
  }

  async function storedState(feedId: string): Promise<FeedState | null> {
    try {
      return await deps.store.feeds.get(feedId);
    } catch (err) {
      deps.logger.error({ err, feed: feedId }, 'could not read the feed state');
      return null;
    }
  }

  const poller: Poller = {
    pollOnce(feedId) {
      const feed = feedOf(feedId);
      const inFlight = running.get(feedId);
      if (inFlight) return inFlight;
      const p = pollFeed(ctx, feed).finally(() => running.delete(feedId));
      running.set(feedId, p);
      return p;
    },
    async tick(feedId) {
      const feed = feedOf(feedId);
      if (running.has(feedId)) return { feedId, result: 'skipped', reason: 'busy', state: null };
      const state = await storedState(feedId);
      const now = ctx.now();
      if (state?.nextPollAt && state.url === feed.url && Date.parse(state.nextPollAt) > now.getTime()) {
        ctx.metrics.stale(feedId, isStale(state, feed, now));
        return { feedId, result: 'skipped', reason: 'backoff', state };
      }
      return poller.pollOnce(feedId);
    },
    async refreshMetrics() {
      const now = ctx.now();
      for (const feed of feeds) {
        const state = await storedState(feed.id);
        if (state?.lastSuccessAt) ctx.metrics.succeeded(feed.id, new Date(state.lastSuccessAt));
        ctx.metrics.stale(feed.id, isStale(state, feed, now));
      }
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
  };
  return poller;
}
