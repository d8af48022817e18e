import { newFeedState } from '@minerisk/shared/domain/feed';
import type { FeedState } from '@minerisk/shared/domain';
import { parseFeed } from '@minerisk/shared/feeds';
import { acceptDocument, type EnqueueEvents, type IngestReport } from '@minerisk/shared/ingest/accept';
import type { Logger } from '@minerisk/shared/runtime/logger';
import type { Store } from '@minerisk/shared/store/port';
import { backoffDelayMs, type BackoffOptions } from './backoff';
import type { FeedMetrics } from './feedMetrics';
import { requestUrl, type FeedDefinition } from '@minerisk/shared/feedPolling/feedsConfig';
import { PollError, conditionalGet } from './fetchFeed';
import { isStale } from '@minerisk/shared/feedPolling/staleness';

export interface PollFeedDeps {
  store: Store;
  enqueueEvents: EnqueueEvents;
  logger: Logger;
  metrics: FeedMetrics;
  now: () => Date;
  fetchImpl: typeof fetch;
  backoff: BackoffOptions;
  random: () => number;
}

export type PollOutcome =
  | { feedId: string; result: 'ok'; report: IngestReport; state: FeedState }
  | { feedId: string; result: 'not_modified'; state: FeedState }
  | { feedId: string; result: 'error'; error: string; state: FeedState | null }
  /** A scheduled tick that did not poll: a poll of this feed is running, or it is backing off. */
  | { feedId: string; result: 'skipped'; reason: 'busy' | 'backoff'; state: FeedState | null };

function freshState(feed: FeedDefinition): FeedState {
  return newFeedState(feed.id, feed.format, feed.url);
}

/** The stored state, with its validators dropped if the feed now points elsewhere or reads another format. */
function currentState(feed: FeedDefinition, stored: FeedState | null): FeedState {
  if (!stored) return freshState(feed);
  if (stored.url !== feed.url || stored.format !== feed.format)
    return { ...stored, url: feed.url, format: feed.format, etag: null, lastModified: null };
  return stored;
}

function succeeded(state: FeedState, at: Date): FeedState {
  return { ...state, lastPollAt: at.toISOString(), lastSuccessAt: at.toISOString(), consecutiveFailures: 0, nextPollAt: null };
}

/**
 * One poll of one feed: a conditional GET, parsed with the shared parsers and accepted through the same
 * path as `POST /v1/ingest` (tenant null: public, global events, unless the feed names a tenant), then the
 * feed state saved. The validators (ETag, Last-Modified) are saved only after the document's events are
 * stored, so a 304 can never hide a document that was not taken. A failure is recorded with the next
 * poll pushed back (exponential backoff); it is never thrown.
 */
export async function pollFeed(deps: PollFeedDeps, feed: FeedDefinition): Promise<PollOutcome> {
  const log = deps.logger;

  async function save(state: FeedState): Promise<void> {
    try {
      await deps.store.feeds.put(state);
    } catch (err) {
      log.error({ err, feed: feed.id }, 'could not save the feed state');
    }
  }

  async function fail(state: FeedState, error: string): Promise<PollOutcome> {
    const at = deps.now();
    const failures = state.consecutiveFailures + 1;
    const next: FeedState = {
      ...state,
      lastPollAt: at.toISOString(),
      lastErrorAt: at.toISOString(),
      lastError: error.slice(0, 500),
      consecutiveFailures: failures,
      nextPollAt: new Date(at.getTime() + backoffDelayMs(failures, deps.backoff, deps.random)).toISOString(),
    };
    log.warn({ feed: feed.id, error, consecutiveFailures: failures, nextPollAt: next.nextPollAt }, 'feed poll failed');
    await save(next);
    deps.metrics.polled(feed.id, 'error');
    deps.metrics.stale(feed.id, isStale(next, feed, at));
    return { feedId: feed.id, result: 'error', error, state: next };
  }

  let state: FeedState;
  try {
    state = currentState(feed, await deps.store.feeds.get(feed.id));
  } catch (err) {
    log.error({ err, feed: feed.id }, 'could not read the feed state');
    deps.metrics.polled(feed.id, 'error');
    return { feedId: feed.id, result: 'error', error: 'store unavailable', state: null };
  }
  if (feed.missingCredentials.length > 0) return fail(state, `credentials not set: ${feed.missingCredentials.join(', ')}`);
  try {
    const got = await conditionalGet({
      url: requestUrl(feed),
      format: feed.format,
      timeoutMs: feed.timeoutMs,
      etag: state.etag,
      lastModified: state.lastModified,
      headers: feed.headers,
      fetchImpl: deps.fetchImpl,
    });
    const at = deps.now();
    if (got.kind === 'not_modified') {
      const next = succeeded(state, at);
      await save(next);
      deps.metrics.polled(feed.id, 'not_modified');
      deps.metrics.succeeded(feed.id, at);
      deps.metrics.stale(feed.id, false);
      log.debug({ feed: feed.id }, 'feed not modified');
      return { feedId: feed.id, result: 'not_modified', state: next };
    }
    const doc = parseFeed(feed.format, got.body);
    const report = await acceptDocument(
      {
        store: deps.store,
        enqueueEvents: deps.enqueueEvents,
        now: deps.now,
        onQueueError: (err) => log.warn({ err, feed: feed.id }, 'events stored but not queued: the sweep will queue them'),
      },
      feed.tenant,
      doc,
    );
    const next: FeedState = {
      ...succeeded(state, at),
      etag: got.etag,
      lastModified: got.lastModified,
      items: doc.items.length,
      acceptedTotal: state.acceptedTotal + report.accepted,
    };
    await save(next);
    deps.metrics.polled(feed.id, 'ok');
    deps.metrics.succeeded(feed.id, at);
    deps.metrics.stale(feed.id, false);
    // Ignored items (CAP exercises, quarry blasts...) are logged here and dropped.
    const ignoredReasons = doc.items.flatMap((i) => (i.kind === 'ignored' ? [i.reason] : [])).slice(0, 5);
    log.info(
      {
        feed: feed.id,
        items: doc.items.length,
        accepted: report.accepted,
        duplicates: report.duplicates,
        ignored: report.ignored,
        ignoredReasons,
        rejected: report.rejected.slice(0, 5),
      },
      'feed polled',
    );
    return { feedId: feed.id, result: 'ok', report, state: next };
  } catch (err) {
    if (err instanceof PollError || (err instanceof Error && err.name === 'FeedError')) return fail(state, err.message);
    log.error({ err, feed: feed.id }, 'unexpected error while polling');
    return fail(state, `internal error: ${err instanceof Error ? err.message : String(err)}`);
  }
}
