/** docs/api.md "Supply chains": plans, their validation, `supply` on site scores, and supplyScore on the dashboard list. */
import request from 'supertest';
import { supplyScore } from '@minerisk/shared/model/supply';
import { scoreView } from '../../../services/api/src/schemas/scores';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aRouteBody, aSiteBody, aSupplyBody, bearer } from './world';

let h: ApiHarness;
let auth: Record<string, string>;
let reader: Record<string, string>;
let rival: Record<string, string>;
const api = () => request(h.baseUrl);

beforeAll(async () => {
  h = await startApiHarness();
  auth = bearer(await h.keyFor('supply', 'admin'));
  reader = bearer(await h.keyFor('supply', 'reader'));
  rival = bearer(await h.keyFor('rival', 'admin'));
});
afterAll(async () => {
  await h?.stop();
});

const newSite = async (a = auth) => (await api().post('/v1/sites').set(a).send(aSiteBody()).expect(201)).body.id as string;
const newRoute = async (a = auth, over: Record<string, unknown> = {}) =>
  (await api().post('/v1/routes').set(a).send(aRouteBody(over)).expect(201)).body.id as string;

describe('PUT /v1/sites/:id/supply', () => {
  it('stores the plan with its defaults and returns it; GET reads it back', async () => {
    const [site, road, air] = [await newSite(), await newRoute(), await newRoute(auth, { name: 'Air bridge', mode: 'air' })];
    const body = {
      inputs: [
        {
          input: 'fuel',
          bufferDays: 10,
          routes: [
            { routeId: road, share: 0.7 },
            { routeId: air, share: 0.3, maxShare: 0.6 },
          ],
        },
        { input: 'explosives', bufferDays: 45, criticality: 0.8, routes: [{ routeId: air, share: 0, maxShare: 0.5 }] },
      ],
    };
    const put = (await api().put(`/v1/sites/${site}/supply`).set(auth).send(body).expect(200)).body;
    expect(put).toEqual({
      siteId: site,
      inputs: [
        {
          input: 'fuel',
          bufferDays: 10,
          criticality: 1,
          routes: [
            { routeId: road, share: 0.7, maxShare: 0.7 },
            { routeId: air, share: 0.3, maxShare: 0.6 },
          ],
        },
        { input: 'explosives', bufferDays: 45, criticality: 0.8, routes: [{ routeId: air, share: 0, maxShare: 0.5 }] },
      ],
      updatedAt: expect.any(String),
    });
    expect((await api().get(`/v1/sites/${site}/supply`).set(reader).expect(200)).body).toEqual(put);
  });

  it('answers 400 with errors[] for a malformed body, naming every problem', async () => {
    const [site, road] = [await newSite(), await newRoute()];
    const r = await api()
      .put(`/v1/sites/${site}/supply`)
      .set(auth)
      .send({
        inputs: [
          { input: 'fuel', bufferDays: -1, routes: [{ routeId: road, share: 0.5, maxShare: 0.2 }] },
          { input: 'fuel', bufferDays: 5, routes: [] },
        ],
      })
      .expect(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.inputs.0.bufferDays', 'body.inputs.0.routes.0.maxShare', 'body.inputs.1.input']),
    );
    await api().get(`/v1/sites/${site}/supply`).set(auth).expect(404);
  });

  it('answers 422 naming a route that is not the tenant’s, or an input whose shares sum over 1', async () => {
    const [site, road, theirs] = [await newSite(), await newRoute(), await newRoute(rival)];
    const foreign = await api().put(`/v1/sites/${site}/supply`).set(auth).send(aSupplyBody(theirs)).expect(422);
    expect(foreign.body.detail).toContain(theirs);
    expect(foreign.body.errors).toEqual([{ path: 'body.inputs.0.routes.0.routeId', message: `no route ${theirs}` }]);
    const missing = await api().put(`/v1/sites/${site}/supply`).set(auth).send(aSupplyBody('route_nope')).expect(422);
    expect(missing.body.detail).toContain('route_nope');
    const air = await newRoute(auth, { mode: 'air', name: 'Air' });
    const over = await api()
      .put(`/v1/sites/${site}/supply`)
      .set(auth)
      .send({
        inputs: [
          {
            input: 'fuel',
            bufferDays: 3,
            routes: [
              { routeId: road, share: 0.7 },
              { routeId: air, share: 0.4 },
            ],
          },
        ],
      })
      .expect(422);
    expect(over.body.detail).toContain('fuel');
    await api().get(`/v1/sites/${site}/supply`).set(auth).expect(404);
  });

  it('is admin-only to write, and another tenant’s site is 404 to read and write', async () => {
    const [site, road] = [await newSite(), await newRoute()];
    await api().put(`/v1/sites/${site}/supply`).set(reader).send(aSupplyBody(road)).expect(403);
    await api().put(`/v1/sites/${site}/supply`).set(auth).send(aSupplyBody(road)).expect(200);
    await api().get(`/v1/sites/${site}/supply`).set(rival).expect(404);
    await api().put(`/v1/sites/${site}/supply`).set(rival).send({ inputs: [] }).expect(404);
    await api().delete(`/v1/sites/${site}/supply`).set(rival).expect(404);
    await api().delete(`/v1/sites/${site}/supply`).set(reader).expect(403);
    await api().delete(`/v1/sites/${site}/supply`).set(auth).expect(204);
    await api().get(`/v1/sites/${site}/supply`).set(auth).expect(404);
  });
});

describe('supply on site scores', () => {
  it('is null without a plan, and computed on read from the route scores with one (explained per route)', async () => {
    const [site, road] = [await newSite(), await newRoute()];
    const without = (await api().get(`/v1/sites/${site}/score`).set(reader).expect(200)).body;
    expect(without.supply).toBeNull();
    await api().put(`/v1/sites/${site}/supply`).set(auth).send(aSupplyBody(road)).expect(200);
    const body = (await api().get(`/v1/sites/${site}/score`).set(reader).expect(200)).body;
    expect(() => scoreView.parse(body)).not.toThrow();
    const route = (await api().get(`/v1/routes/${road}/score`).set(reader).expect(200)).body;
    const expected = supplyScore(
      [{ input: 'fuel', bufferDays: 10, criticality: 1, routes: [{ routeId: road, share: 1, maxShare: 1 }] }],
      new Map([[road, { routeId: road, name: 'Bamako–Kayes road', score: route.score, worstSegment: route.worstSegment }]]),
    );
    expect(body.supply).toMatchObject({ score: expected.score, level: expected.level, inputs: expected.inputs });
    const asOf = new Date(Date.now() - 86_400_000).toISOString();
    const past = (await api().get(`/v1/sites/${site}/score?asOf=${asOf}`).set(reader).expect(200)).body;
    expect(past.supply.asOf).toBe(asOf);
  });

  it('loses a deleted route from the plan (an emptied input is kept with routes: []); a deleted site loses its plan', async () => {
    const [site, road] = [await newSite(), await newRoute()];
    await api().put(`/v1/sites/${site}/supply`).set(auth).send(aSupplyBody(road)).expect(200);
    await api().delete(`/v1/routes/${road}`).set(auth).expect(204);
    const plan = (await api().get(`/v1/sites/${site}/supply`).set(auth).expect(200)).body;
    expect(plan.inputs).toEqual([{ input: 'fuel', bufferDays: 10, criticality: 1, routes: [] }]);
    const score = (await api().get(`/v1/sites/${site}/score`).set(auth).expect(200)).body;
    expect(score.supply).toMatchObject({ score: 0, inputs: [{ input: 'fuel', risk: 0, routes: [] }] });
    await api().delete(`/v1/sites/${site}`).set(auth).expect(204);
    expect(await h.deps.store.supply.getPlan('supply', site)).toBeNull();
  });
});

describe('GET /v1/scores with supply', () => {
  it('carries supplyScore, sorts by it and filters on it, and the ETag moves with a supply write', async () => {
    const a = bearer(await h.keyFor('dash', 'admin'));
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C'])
      ids.push((await api().post('/v1/sites').set(a).send(aSiteBody({ name })).expect(201)).body.id);
    const { store } = h.deps;
    const now = new Date().toISOString();
    for (const [i, id] of ids.entries()) {
      await store.scores.putIfNewer({
        tenantId: 'dash',
        subjectType: 'site',
        subjectId: id,
        score: 40,
        level: 'elevated',
        components: { baseline: 40, incidents: 0, hazards: 0 },
        contributors: [],
        countries: [],
        asOf: now,
        modelVersion: 'test',
        trend: { delta7d: 0 },
        computedAt: now,
        basedOnSeq: 100 + i,
      });
    }
    const route = await newRoute(a);
    for (const id of ids.slice(0, 2)) await api().put(`/v1/sites/${id}/supply`).set(a).send(aSupplyBody(route)).expect(200);
    const supply = (id: string, score: number) => ({
      tenantId: 'dash',
      subjectType: 'site' as const,
      subjectId: id,
      score,
      level: 'moderate' as const,
      inputs: [],
      asOf: now,
      computedAt: now,
      basedOnSeq: 1000,
    });
    await store.supply.putManyIfNewer([supply(ids[0]!, 25)]);
    const first = await api().get('/v1/scores?sort=-supplyScore&type=site').set(a).expect(200);
    await api().get('/v1/scores?sort=-supplyScore&type=site').set(a).set('If-None-Match', first.headers.etag!).expect(304);
    await store.supply.putManyIfNewer([supply(ids[1]!, 70)]);
    const second = await api().get('/v1/scores?sort=-supplyScore&type=site').set(a).expect(200);
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect(
      second.body.items.map((s: { subject: { id: string }; supplyScore: number | null }) => [s.subject.id, s.supplyScore]),
    ).toEqual([
      [ids[1], 70],
      [ids[0], 25],
      [ids[2], null],
    ]);
    const min = await api().get('/v1/scores?minSupplyScore=50').set(a).expect(200);
    expect(min.body.items.map((s: { subject: { id: string } }) => s.subject.id)).toEqual([ids[1]]);
    expect(min.headers.etag).not.toBe(second.headers.etag);
    await api().get('/v1/scores?minSupplyScore=101').set(a).expect(400);
  });
});
