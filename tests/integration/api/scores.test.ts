/** docs/api.md "Scores and assessments": stored or computed on read, asOf, history, the dashboard list and its ETag. */
import request from 'supertest';
import { aScore } from '@minerisk/shared/testing/store/builders';
import { scoreView } from '../../../services/api/src/schemas/scores';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aRouteBody, aSiteBody, bearer } from './world';

let h: ApiHarness;
let auth: Record<string, string>;
const api = () => request(h.baseUrl);

beforeAll(async () => {
  h = await startApiHarness();
  auth = bearer(await h.keyFor('scores', 'admin'));
});
afterAll(async () => {
  await h?.stop();
});

/** A State Department Level 4 advisory for Mali, pushed as a normalized GeoJSON event. */
const maliLevel4 = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'ml-advisory',
      geometry: null,
      properties: {
        source: 'state-dept',
        title: 'Mali - Level 4: Do Not Travel',
        category: 'travel-advisory',
        countryCodes: ['ML'],
        advisoryLevel: 4,
        persistence: 'state',
        observedAt: '2025-01-01T00:00:00Z',
      },
    },
  ],
};

const newSite = async (over: Record<string, unknown> = {}) =>
  (await api().post('/v1/sites').set(auth).send(aSiteBody(over)).expect(201)).body.id as string;

describe('score of a site', () => {
  it('is computed on read before any scoring: the country baseline alone', async () => {
    const id = await newSite();
    const before = (await api().get(`/v1/sites/${id}/score`).set(auth).expect(200)).body;
    expect(before).toMatchObject({
      subject: { type: 'site', id },
      score: 0,
      level: 'low',
      components: { baseline: 0, incidents: 0, hazards: 0 },
      contributors: [],
    });
    await api()
      .post('/v1/ingest/geojson')
      .set(auth)
      .send(maliLevel4)
      .expect(202, { accepted: 1, duplicates: 0, ignored: 0, rejected: [] });
    const after = (await api().get(`/v1/sites/${id}/score`).set(auth).expect(200)).body;
    // docs/scoring.md §3: Level 4 → B = 80; the baseline alone gives 100·0.6·0.8 = 48.
    expect(after).toMatchObject({ score: 48, level: 'elevated', components: { baseline: 80, incidents: 0, hazards: 0 } });
    expect(Date.now() - Date.parse(after.computedAt)).toBeLessThan(60_000);
    expect(scoreView.safeParse(after).success).toBe(true);
    // Not persisted: nothing is stored until the scoring worker runs.
    expect(await h.deps.store.scores.get('scores', 'site', id)).toBeNull();
  });

  it('serves the stored score when there is one, and computes ?asOf= from the store instead', async () => {
    const id = await newSite();
    await h.deps.store.scores.putIfNewer(
      aScore({ tenantId: 'scores', subjectType: 'site', subjectId: id, score: 61.3, level: 'high', basedOnSeq: 9 }),
    );
    const stored = (await api().get(`/v1/sites/${id}/score`).set(auth).expect(200)).body;
    expect(stored).toMatchObject({
      subject: { type: 'site', id },
      score: 61.3,
      level: 'high',
      computedAt: '2025-01-15T12:00:00.000Z',
      modelVersion: 'v1',
    });
    const asOf = '2024-12-01T00:00:00.000Z';
    const past = (await api().get(`/v1/sites/${id}/score?asOf=${asOf}`).set(auth).expect(200)).body;
    // The advisory was known only now, so as of last December nothing counts.
    expect(past).toMatchObject({ asOf, score: 0, components: { baseline: 0 } });
  });

  it('answers 304 to a poller whose copy is current', async () => {
    const id = await newSite();
    await h.deps.store.scores.putIfNewer(aScore({ tenantId: 'scores', subjectType: 'site', subjectId: id, basedOnSeq: 9 }));
    const first = await api().get(`/v1/sites/${id}/score`).set(auth).expect(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers.etag).toBeDefined();
    await api().get(`/v1/sites/${id}/score`).set(auth).set('If-None-Match', first.headers.etag!).expect(304);
    await h.deps.store.scores.putIfNewer(
      aScore({ tenantId: 'scores', subjectType: 'site', subjectId: id, score: 70, level: 'high', basedOnSeq: 10 }),
    );
    const changed = await api().get(`/v1/sites/${id}/score`).set(auth).set('If-None-Match', first.headers.etag!).expect(200);
    expect(changed.body.score).toBe(70);
  });

  it('keeps a history of changes, filtered by from/to', async () => {
    const id = await newSite();
    const at = (d: string) => `2025-03-0${d}T00:00:00.000Z`;
    let seq = 1;
    for (const [d, score] of [
      ['1', 10],
      ['2', 20],
      ['3', 30],
    ] as const) {
      await h.deps.store.scores.putIfNewer(
        aScore({
          tenantId: 'scores',
          subjectType: 'site',
          subjectId: id,
          score,
          asOf: at(d),
          computedAt: at(d),
          basedOnSeq: seq++,
        }),
      );
    }
    const all = (
      await api().get(`/v1/sites/${id}/history?from=2025-02-01T00:00:00Z&to=2025-04-01T00:00:00Z`).set(auth).expect(200)
    ).body;
    expect(all.items.map((p: { score: number }) => p.score)).toEqual([10, 20, 30]);
    expect(all.items[0]).toEqual({ t: expect.any(String), score: 10 });
    const some = (
      await api()
        .get(`/v1/sites/${id}/history?from=${at('2')}&to=${at('3')}`)
        .set(auth)
        .expect(200)
    ).body;
    expect(some.items.map((p: { score: number }) => p.score)).toEqual([20, 30]);
    await api()
      .get(`/v1/sites/${id}/history?from=${at('3')}&to=${at('1')}`)
      .set(auth)
      .expect(400);
  });
});

describe('score and assessment of a route', () => {
  it('adds segments and the worst segment; the assessment has every view of docs/api.md', async () => {
    const id = (await api().post('/v1/routes').set(auth).send(aRouteBody()).expect(201)).body.id as string;
    const score = (await api().get(`/v1/routes/${id}/score`).set(auth).expect(200)).body;
    expect(score.subject).toEqual({ type: 'route', id });
    expect(score.segments.length).toBeGreaterThan(10);
    expect(score.worstSegment).toMatchObject({ fromKm: expect.any(Number), toKm: expect.any(Number), score: expect.any(Number) });
    const a = (await api().get(`/v1/routes/${id}/assessment`).set(auth).expect(200)).body;
    expect(a.route).toMatchObject({ id, name: 'Bamako–Kayes road', mode: 'road' });
    expect(a.countries).toEqual([{ code: 'ML', advisoryLevel: 4 }]);
    expect(a).toMatchObject({ incidents: { last30d: 0, last90d: 0 }, trend: { delta7d: expect.any(Number) } });
  });
});

describe('GET /v1/scores', () => {
  it('lists current scores with filters and sort, and 304s until something changes', async () => {
    const key = bearer(await h.keyFor('dashboard', 'reader'));
    const put = (type: 'site' | 'route', subjectId: string, score: number, seq: number) =>
      h.deps.store.scores.putIfNewer(aScore({ tenantId: 'dashboard', subjectType: type, subjectId, score, basedOnSeq: seq }));
    await put('site', 'site_a', 20, 1);
    await put('site', 'site_b', 75, 1);
    await put('route', 'route_c', 50, 1);
    const all = await api().get('/v1/scores').set(key).expect(200);
    expect(all.body.items.map((s: { score: number }) => s.score)).toEqual([75, 50, 20]);
    const sites = await api().get('/v1/scores?type=site&minScore=30').set(key).expect(200);
    expect(sites.body.items.map((s: { subject: { id: string } }) => s.subject.id)).toEqual(['site_b']);
    const asc = await api().get('/v1/scores?sort=score&limit=2').set(key).expect(200);
    expect(asc.body.items.map((s: { score: number }) => s.score)).toEqual([20, 50]);
    expect(asc.body.nextCursor).not.toBeNull();

    const etag = all.headers.etag!;
    expect(etag).toMatch(/^"/);
    const again = await api().get('/v1/scores').set(key).set('If-None-Match', etag).expect(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    // Another query is another representation.
    expect(sites.headers.etag).not.toBe(etag);
    // Another tenant's change does not disturb this tenant's pollers...
    await h.deps.store.scores.putIfNewer(
      aScore({ tenantId: 'elsewhere', subjectType: 'site', subjectId: 'site_z', basedOnSeq: 1 }),
    );
    await api().get('/v1/scores').set(key).set('If-None-Match', etag).expect(304);
    // ...but its own does.
    await put('site', 'site_a', 90, 2);
    const changed = await api().get('/v1/scores').set(key).set('If-None-Match', etag).expect(200);
    expect(changed.body.items[0]).toMatchObject({ subject: { type: 'site', id: 'site_a' }, score: 90 });
    expect(changed.headers.etag).not.toBe(etag);
  });
});
