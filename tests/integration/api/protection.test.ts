/** Rate limits in Redis, access logs without secrets, Prometheus metrics, admin ops views. */
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aSiteBody, anEventBody, bearer } from './world';

describe('per-key rate limit', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 429 with Retry-After past the budget, per key, counted in Redis', async () => {
    const api = request(h.baseUrl);
    const a = await h.keyFor('default', 'reader');
    const b = await h.keyFor('default', 'reader');
    for (let i = 0; i < 5; i++) await api.get('/v1/sites').set(bearer(a)).expect(200);
    const limited = await api.get('/v1/sites').set(bearer(a));
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another key has its own budget.
    await api.get('/v1/sites').set(bearer(b)).expect(200);
    // The count lives in Redis, under the deployment's prefix.
    const keys = await h.deps.redis.keys(`${h.deps.config.QUEUE_PREFIX}:ratelimit*`);
    expect(keys.length).toBe(2);
  });

  it('does not count the open operations endpoints', async () => {
    const api = request(h.baseUrl);
    for (let i = 0; i < 8; i++) await api.get('/healthz').expect(200);
  });
});

describe('access logs', () => {
  let h: ApiHarness;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    h = await startApiHarness({ logStream: stream });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('log one line per request with its id and status, never the key', async () => {
    const key = await h.keyFor('default', 'reader');
    await request(h.baseUrl).get('/v1/sites').set(bearer(key)).set('X-Request-Id', 'log-check-1').expect(200);
    await request(h.baseUrl)
      .get('/v1/sites')
      .set(bearer(`${key}x`))
      .set('X-Request-Id', 'log-check-2')
      .expect(401);
    await new Promise((r) => setImmediate(r));
    const mine = lines
      .map((l) => JSON.parse(l) as { req?: { id?: string; method?: string; url?: string }; res?: { statusCode?: number } })
      .filter((l) => l.req?.id?.startsWith('log-check-'));
    expect(mine.map((l) => [l.req?.id, l.req?.method, l.req?.url, l.res?.statusCode])).toEqual([
      ['log-check-1', 'GET', '/v1/sites', 200],
      ['log-check-2', 'GET', '/v1/sites', 401],
    ]);
    expect(lines.join('\n')).not.toContain(key.slice(16));
    expect(lines.join('\n')).not.toMatch(/authorization/i);
  });
});

describe('metrics and ops', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({
      feedStatus: async () => [
        { feedId: 'usgs-significant', lastSuccessAt: '2025-01-01T00:00:00Z', lastError: null, items: 18, stale: false },
      ],
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('exposes request durations by route pattern, queue depths, scoring lag and subjects awaiting a recompute', async () => {
    const api = request(h.baseUrl);
    const auth = bearer(h.adminKey);
    const site = (await api.post('/v1/sites').set(auth).send(aSiteBody()).expect(201)).body;
    await api.get(`/v1/sites/${site.id}/score`).set(auth).expect(200);
    await api.post('/v1/events').set(auth).send(anEventBody()).expect(202);
    const text = (
      await api
        .get('/metrics')
        .expect(200)
        .expect('Content-Type', /text\/plain/)
    ).text;
    expect(text).toMatch(/http_request_duration_seconds_count\{route="\/v1\/sites\/:id\/score",method="GET",status="200"\} 1/);
    expect(text).not.toContain(site.id);
    // One recompute (the new site) and one event job are waiting: no worker runs in this test.
    expect(text).toMatch(/queue_jobs\{queue="recompute",state="waiting"\} 1/);
    expect(text).toMatch(/queue_jobs\{queue="events",state="waiting"\} 1/);
    // The event is unprocessed (no worker here): its age is the lag.
    const lag = /^scoring_lag_seconds (\S+)$/m.exec(text);
    expect(Number(lag?.[1])).toBeGreaterThan(0);
    const stale = (await h.deps.store.scores.listStale(1000)).length;
    expect(text).toMatch(new RegExp(`^scoring_stale_subjects ${stale}$`, 'm'));
  });

  it('shows queues and feeds to admins', async () => {
    const api = request(h.baseUrl);
    const body = (await api.get('/v1/ops/queues').set(bearer(h.adminKey)).expect(200)).body;
    const queues = body.queues as { name: string; waiting: number }[];
    expect(queues.map((q) => q.name).sort()).toEqual(['events', 'recompute', 'schedules', 'webhooks']);
    // A subject whose change sequence is ahead of its score waits for a recompute.
    await h.deps.store.scores.bumpSeq([{ tenantId: 'default', type: 'site', id: 'site_changed' }]);
    const after = (await api.get('/v1/ops/queues').set(bearer(h.adminKey)).expect(200)).body.staleSubjects;
    expect(after).toBe(body.staleSubjects + 1);
    expect(queues.find((q) => q.name === 'recompute')?.waiting).toBe(1);
    const feeds = (await api.get('/v1/ops/feeds').set(bearer(h.adminKey)).expect(200)).body;
    expect(feeds).toEqual({
      feeds: [{ feedId: 'usgs-significant', lastSuccessAt: '2025-01-01T00:00:00Z', lastError: null, items: 18, stale: false }],
    });
  });

  it('reports not ready, as a 503 problem, when Redis is gone', async () => {
    const api = request(h.baseUrl);
    await api.get('/readyz').expect(200);
    await h.redis.stop();
    try {
      const r = await api.get('/readyz');
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ status: 503, checks: { store: 'ok', redis: 'failed' } });
    } finally {
      await h.redis.start();
    }
    // And ready again once Redis is back (bounded wait: the client reconnects with backoff).
    for (let i = 0; i < 50 && (await api.get('/readyz')).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    await api.get('/readyz').expect(200);
    // The producers' own connection reconnects on its own schedule (and fails fast meanwhile): bounded wait.
    let counted = false;
    for (let i = 0; i < 50 && !counted; i++) {
      counted = await h.deps.producers
        .queue('events')
        .getJobCounts('waiting')
        .then(() => true)
        .catch(() => new Promise<boolean>((r) => setTimeout(() => r(false), 100)));
    }
    expect(counted).toBe(true);
  });
});
