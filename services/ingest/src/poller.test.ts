import { unprocessedEventCount } from '@minerisk/shared/testing/store/builders';
import { Registry } from 'prom-client';
import { parseFeed } from '@minerisk/shared/feeds';
import { fixture } from '@minerisk/shared/testing/feeds/fixtures';
import { createLogger } from '@minerisk/shared/runtime/logger';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import type { Store } from '@minerisk/shared/store/port';
import { DEFAULT_BACKOFF } from './backoff';
import { listFeedStatus } from '@minerisk/shared/feedPolling/feedStatus';
import type { FeedDefinition } from '@minerisk/shared/feedPolling/feedsConfig';
import { createPoller, type PollerDeps } from './poller';
import { startFeedServer, type FeedServer } from './testing/feedServer';
import { aFeed } from './testing/feeds';

const USGS = fixture('usgs/significant_month-2023-10-11.geojson');
const USGS_EVENTS = parseFeed('usgs', USGS).items.filter((i) => i.kind === 'event').length;
// After the ACLED fixture's last row (2025-09-30): a row dated later than the clock is refused as in the future.
const T = Date.parse('2025-10-01T10:00:00Z');
const MIN = 60_000;

let server: FeedServer;
let store: Store;

beforeEach(async () => {
  server = await startFeedServer();
  store = openSqliteStore({ file: ':memory:' });
});
afterEach(async () => {
  await server.close();
  await store.close();
});

/** A poller on a clock the test moves, recording what it queues, metrics on a private registry. */
function aPoller(feeds: FeedDefinition[], overrides: Partial<PollerDeps> = {}) {
  let clock = T;
  const queued: string[][] = [];
  const registry = new Registry();
  const poller = createPoller(
    {
      store,
      enqueueEvents: async (ids) => void queued.push(ids),
      logger: createLogger('silent', 'poller-test'),
      now: () => new Date(clock),
      registry,
      random: () => 0.5, // no jitter: delays are exactly base · 2^(n−1)
      ...overrides,
    },
    feeds,
  );
  const metric = async (name: string, labels: Record<string, string>) => {
    const m = (await registry.getSingleMetric(name)?.get())?.values.find((v) =>
      Object.entries(labels).every(([k, l]) => v.labels[k] === l),
    );
    return m?.value;
  };
  return { poller, queued, metric, advance: (ms: number) => void (clock += ms), at: () => new Date(clock) };
}

describe('the feed poller', () => {
  it('takes a new document, then pays nothing for a 304', async () => {
    server.route('/usgs', { kind: 'document', body: USGS, etag: '"v1"', lastModified: 'Wed, 11 Oct 2023 20:16:31 GMT' });
    const feed = aFeed({ url: server.url('/usgs') });
    const { poller, queued, metric, advance } = aPoller([feed]);

    const first = await poller.pollOnce(feed.id);
    expect(first).toMatchObject({ result: 'ok', report: { accepted: USGS_EVENTS, duplicates: 0 } });
    expect(queued.flat()).toHaveLength(USGS_EVENTS);
    const stored = await store.feeds.get(feed.id);
    expect(stored).toMatchObject({
      etag: '"v1"',
      lastModified: 'Wed, 11 Oct 2023 20:16:31 GMT',
      items: 18,
      acceptedTotal: USGS_EVENTS,
      consecutiveFailures: 0,
      lastSuccessAt: new Date(T).toISOString(),
    });
    // Public feeds are global: tenantId null.
    const ids = queued.flat();
    expect((await store.events.getMany(ids)).every((e) => e.tenantId === null && e.source === 'usgs')).toBe(true);

    advance(10 * MIN);
    const second = await poller.pollOnce(feed.id);
    expect(second.result).toBe('not_modified');
    expect(server.seen[1]?.headers['if-none-match']).toBe('"v1"');
    expect(server.seen[1]?.headers['if-modified-since']).toBe('Wed, 11 Oct 2023 20:16:31 GMT');
    expect(queued).toHaveLength(1);
    expect(await unprocessedEventCount(store)).toBe(USGS_EVENTS);
    expect(await store.feeds.get(feed.id)).toMatchObject({
      acceptedTotal: USGS_EVENTS,
      lastSuccessAt: new Date(T + 10 * MIN).toISOString(),
    });
    expect(await metric('feeds_poll_total', { feed: feed.id, result: 'ok' })).toBe(1);
    expect(await metric('feeds_poll_total', { feed: feed.id, result: 'not_modified' })).toBe(1);
    expect(await metric('feeds_last_success_timestamp_seconds', { feed: feed.id })).toBe((T + 10 * MIN) / 1000);
  });

  it('changes nothing when a server without validators serves the same document again', async () => {
    server.route('/usgs', { kind: 'document', body: USGS });
    const feed = aFeed({ url: server.url('/usgs') });
    const { poller, queued } = aPoller([feed]);
    await poller.pollOnce(feed.id);
    const again = await poller.pollOnce(feed.id);
    expect(again).toMatchObject({ result: 'ok', report: { accepted: 0, duplicates: USGS_EVENTS, eventIds: [] } });
    expect(queued).toHaveLength(1);
    expect(await unprocessedEventCount(store)).toBe(USGS_EVENTS);
  });

  it('backs off after failures, skipping scheduled ticks until nextPollAt, then recovers', async () => {
    server.route('/usgs', { kind: 'status', status: 500 });
    const feed = aFeed({ url: server.url('/usgs') });
    const { poller, advance, metric } = aPoller([feed]);

    const failed = await poller.tick(feed.id);
    expect(failed).toMatchObject({ result: 'error', error: expect.stringContaining('HTTP 500') });
    expect(await store.feeds.get(feed.id)).toMatchObject({
      consecutiveFailures: 1,
      lastError: expect.stringContaining('HTTP 500'),
      lastErrorAt: new Date(T).toISOString(),
      nextPollAt: new Date(T + DEFAULT_BACKOFF.baseMs).toISOString(),
      lastSuccessAt: null,
    });

    advance(DEFAULT_BACKOFF.baseMs / 2);
    expect(await poller.tick(feed.id)).toMatchObject({ result: 'skipped', reason: 'backoff' });
    expect(server.seen).toHaveLength(1);

    advance(DEFAULT_BACKOFF.baseMs / 2);
    expect((await poller.tick(feed.id)).result).toBe('error');
    // The second failure waits twice as long.
    expect(await store.feeds.get(feed.id)).toMatchObject({
      consecutiveFailures: 2,
      nextPollAt: new Date(T + DEFAULT_BACKOFF.baseMs + 2 * DEFAULT_BACKOFF.baseMs).toISOString(),
    });
    expect(await metric('feeds_poll_total', { feed: feed.id, result: 'error' })).toBe(2);

    server.route('/usgs', { kind: 'document', body: USGS, etag: '"v1"' });
    advance(2 * DEFAULT_BACKOFF.baseMs);
    expect((await poller.tick(feed.id)).result).toBe('ok');
    expect(await store.feeds.get(feed.id)).toMatchObject({
      consecutiveFailures: 0,
      nextPollAt: null,
      lastError: expect.stringContaining('HTTP 500'),
    });
  });

  it('gives up on a slow answer at the timeout and records it', async () => {
    server.route('/usgs', { kind: 'hang' });
    const feed = aFeed({ url: server.url('/usgs'), timeoutMs: 200 });
    const { poller } = aPoller([feed]);
    expect(await poller.pollOnce(feed.id)).toMatchObject({ result: 'error', error: 'timed out after 200 ms' });
    expect(await store.feeds.get(feed.id)).toMatchObject({ consecutiveFailures: 1, lastError: 'timed out after 200 ms' });
  });

  it('records a document it cannot parse, and keeps no validator for it', async () => {
    server.route('/usgs', { kind: 'document', body: '<html>maintenance</html>', etag: '"broken"' });
    const feed = aFeed({ url: server.url('/usgs') });
    const { poller } = aPoller([feed]);
    expect(await poller.pollOnce(feed.id)).toMatchObject({ result: 'error', error: expect.stringContaining('malformed JSON') });
    expect(await store.feeds.get(feed.id)).toMatchObject({ etag: null, consecutiveFailures: 1 });
  });

  it('raises the stale alarm after 3 schedule intervals without success', async () => {
    server.route('/usgs', { kind: 'document', body: USGS, etag: '"v1"' });
    const feed = aFeed({ url: server.url('/usgs'), schedule: '*/10 * * * *' });
    const { poller, advance, at, metric } = aPoller([feed]);
    await poller.pollOnce(feed.id);
    server.route('/usgs', { kind: 'status', status: 503 });

    advance(29 * MIN);
    await poller.refreshMetrics();
    expect(await metric('feeds_stale', { feed: feed.id })).toBe(0);
    expect((await listFeedStatus(store, [feed], at()))[0]?.stale).toBe(false);

    advance(2 * MIN);
    await poller.pollOnce(feed.id);
    expect(await metric('feeds_stale', { feed: feed.id })).toBe(1);
    expect((await listFeedStatus(store, [feed], at()))[0]).toMatchObject({
      id: feed.id,
      format: 'usgs',
      url: feed.url,
      stale: true,
      lastSuccessAt: new Date(T).toISOString(),
      lastError: expect.stringContaining('HTTP 503'),
      items: 18,
      acceptedTotal: USGS_EVENTS,
      consecutiveFailures: 1,
    });
  });

  it('stores a tenant feed as that tenant’s events and fails fast without its credentials', async () => {
    server.route('/acled', { kind: 'document', body: fixture('acled/synthetic-west-africa.json'), etag: '"a"' });
    const withKey = aFeed(
      { id: 'acled', format: 'acled', url: server.url('/acled'), tenant: 'acme', credentialsEnv: { key: 'ACLED_API_KEY' } },
      { ACLED_API_KEY: 's3cret' },
    );
    const withoutKey = aFeed({
      id: 'acled-2',
      format: 'acled',
      url: server.url('/acled'),
      credentialsEnv: { key: 'ACLED_API_KEY' },
    });
    const { poller, queued } = aPoller([withKey, withoutKey]);

    expect(await poller.pollOnce('acled')).toMatchObject({ result: 'ok', report: { accepted: 16 } });
    expect((await store.events.getMany(queued.flat())).every((e) => e.tenantId === 'acme')).toBe(true);
    expect(server.seen[0]?.url).toBe('/acled?key=s3cret');
    // The credential went as a query parameter, and nowhere into the stored state.
    expect(JSON.stringify(await store.feeds.get('acled'))).not.toContain('s3cret');

    expect(await poller.pollOnce('acled-2')).toMatchObject({ result: 'error', error: 'credentials not set: ACLED_API_KEY' });
    expect(server.seen).toHaveLength(1);
  });

  it('joins a poll already running instead of starting a second one', async () => {
    server.route('/usgs', { kind: 'document', body: USGS });
    const feed = aFeed({ url: server.url('/usgs') });
    const { poller } = aPoller([feed]);
    const [a, b] = await Promise.all([poller.pollOnce(feed.id), poller.pollOnce(feed.id)]);
    expect(a).toBe(b);
    expect(server.seen).toHaveLength(1);
    await poller.idle();
  });
});
