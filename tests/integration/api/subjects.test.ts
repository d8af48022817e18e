/** docs/api.md "Sites and routes": CRUD, GeoJSON imports, scoring queued on change, cascade on delete. */
import request from 'supertest';
import { aScore, aSubscriptionState } from '@minerisk/shared/testing/store/builders';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aRouteBody, aSiteBody, bearer } from './world';

let h: ApiHarness;
let auth: Record<string, string>;
const api = () => request(h.baseUrl);

beforeAll(async () => {
  h = await startApiHarness();
  auth = bearer(h.adminKey);
});
afterAll(async () => {
  await h?.stop();
});

async function recomputeJobs(): Promise<{ tenantId: string; type: string; id: string; reason: string }[]> {
  const jobs = await h.deps.producers.queue('recompute').getJobs(['waiting', 'prioritized', 'delayed']);
  return jobs.map((j) => j.data);
}

describe('sites', () => {
  it('creates, reads, replaces, lists and deletes, queueing scoring on every change', async () => {
    const created = await api()
      .post('/v1/sites')
      .set(auth)
      .send(aSiteBody({ criticality: 4 }))
      .expect(201);
    const id = created.body.id as string;
    expect(created.headers.location).toBe(`/v1/sites/${id}`);
    expect(created.body).toMatchObject({
      name: 'Sadiola gold mine',
      country: 'ML',
      radiusKm: 100,
      criticality: 4,
      commodity: 'gold',
    });
    expect(created.body).not.toHaveProperty('tenantId');
    expect(h.subjectChanges).toContainEqual({ tenantId: 'default', type: 'site', id, op: 'upsert' });
    expect(await recomputeJobs()).toContainEqual({ tenantId: 'default', type: 'site', id, reason: 'subject-changed' });
    expect(await h.deps.store.scores.currentSeq({ tenantId: 'default', type: 'site', id })).toBe(1);

    await api().get(`/v1/sites/${id}`).set(auth).expect(200, created.body);
    const replaced = await api()
      .put(`/v1/sites/${id}`)
      .set(auth)
      .send(aSiteBody({ name: 'Sadiola', location: { type: 'Point', coordinates: [-1.52, 12.37] } }))
      .expect(200);
    // PUT replaces: what is not given goes back to its default; the country follows the new location.
    expect(replaced.body).toMatchObject({
      id,
      name: 'Sadiola',
      country: 'BF',
      criticality: null,
      createdAt: created.body.createdAt,
    });
    expect(await h.deps.store.scores.currentSeq({ tenantId: 'default', type: 'site', id })).toBe(2);

    const list = await api().get('/v1/sites').set(auth).expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(id);
    await api().delete(`/v1/sites/${id}`).set(auth).expect(204);
    await api().get(`/v1/sites/${id}`).set(auth).expect(404);
    await api().delete(`/v1/sites/${id}`).set(auth).expect(404);
    expect(h.subjectChanges.at(-1)).toEqual({ tenantId: 'default', type: 'site', id, op: 'delete' });
  });

  it('pages with a cursor, newest first', async () => {
    const key = await h.keyFor('paging', 'admin');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await api()
            .post('/v1/sites')
            .set(bearer(key))
            .send(aSiteBody({ name: `S${i}` }))
            .expect(201)
        ).body.id,
      );
    const first = await api().get('/v1/sites?limit=2').set(bearer(key)).expect(200);
    expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([ids[4], ids[3]]);
    const second = await api()
      .get(`/v1/sites?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
      .set(bearer(key))
      .expect(200);
    expect(second.body.items.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const third = await api()
      .get(`/v1/sites?limit=2&cursor=${encodeURIComponent(second.body.nextCursor)}`)
      .set(bearer(key))
      .expect(200);
    expect(third.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it('deleting a site removes its score, history and alert states', async () => {
    const id = (await api().post('/v1/sites').set(auth).send(aSiteBody()).expect(201)).body.id as string;
    await h.deps.store.scores.putIfNewer(aScore({ tenantId: 'default', subjectType: 'site', subjectId: id, basedOnSeq: 5 }));
    const state = aSubscriptionState({ tenantId: 'default', subjectType: 'site', subjectId: id });
    await h.deps.store.subscriptions.saveStateWithDeliveries(state, 0, []);
    expect(await h.deps.store.subscriptions.getState('default', state.subscriptionId, 'site', id)).not.toBeNull();
    await api().delete(`/v1/sites/${id}`).set(auth).expect(204);
    expect(await h.deps.store.scores.get('default', 'site', id)).toBeNull();
    expect(await h.deps.store.scores.history('default', 'site', id, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).toEqual([]);
    expect(await h.deps.store.subscriptions.getState('default', state.subscriptionId, 'site', id)).toBeNull();
  });

  it('imports a FeatureCollection, refusing bad features one by one', async () => {
    const body = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [-8.2, 11.9] },
          properties: { name: 'Kalana', commodity: 'gold', source: 'gis-export' },
        },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-8.2, 191.9] }, properties: { name: 'Broken' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-1.5, 12.4] }, properties: {} },
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
          properties: { name: 'Not a point' },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [-11.4, 14.4] },
          properties: { name: 'Sadiola', radiusKm: 40 },
        },
      ],
    };
    const r = await api().post('/v1/sites/import').set(auth).send(body).expect(200);
    expect(r.body.created).toBe(2);
    expect(r.body.items.map((i: { index: number }) => i.index)).toEqual([0, 4]);
    const errors = r.body.errors as { index: number; errors: { path: string }[] }[];
    expect(errors.map((e) => e.index)).toEqual([1, 2, 3]);
    expect(errors[0]!.errors.map((x) => x.path)).toEqual(['body.features.1.geometry.coordinates.1']);
    expect(errors[1]!.errors.map((x) => x.path)).toEqual(['body.features.2.properties.name']);
    for (const e of errors[2]!.errors) expect(e.path).toMatch(/^body\.features\.3\.geometry\./);
    const kalana = (await api().get(`/v1/sites/${r.body.items[0].id}`).set(auth).expect(200)).body;
    expect(kalana).toMatchObject({ name: 'Kalana', commodity: 'gold', country: 'ML' });
    expect(await recomputeJobs()).toEqual(
      expect.arrayContaining(r.body.items.map((i: { id: string }) => expect.objectContaining({ type: 'site', id: i.id }))),
    );
  });

  it('refuses a body that is not a FeatureCollection', async () => {
    const r = await api().post('/v1/sites/import').set(auth).send({ type: 'Feature', features: [] }).expect(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.type']);
  });
});

describe('routes', () => {
  it('creates with lengthKm and default bufferKm, links sites of the tenant, replaces and deletes', async () => {
    const siteId = (await api().post('/v1/sites').set(auth).send(aSiteBody()).expect(201)).body.id as string;
    const created = await api()
      .post('/v1/routes')
      .set(auth)
      .send(aRouteBody({ siteIds: [siteId] }))
      .expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ mode: 'road', bufferKm: 25, siteIds: [siteId] });
    // Bamako → Kita area → Kayes: about 182 + 239 km of great circle.
    expect(created.body.lengthKm).toBeGreaterThan(405);
    expect(created.body.lengthKm).toBeLessThan(435);
    expect(await recomputeJobs()).toContainEqual({ tenantId: 'default', type: 'route', id, reason: 'subject-changed' });
    const replaced = await api()
      .put(`/v1/routes/${id}`)
      .set(auth)
      .send(
        aRouteBody({
          mode: 'rail',
          bufferKm: 10,
          geometry: {
            type: 'MultiLineString',
            coordinates: [
              [
                [0, 0],
                [0, 1],
              ],
              [
                [1, 0],
                [1, 1],
              ],
            ],
          },
        }),
      )
      .expect(200);
    expect(replaced.body).toMatchObject({ id, mode: 'rail', bufferKm: 10, siteIds: [] });
    expect(replaced.body.lengthKm).toBeCloseTo(222.4, 0);
    await api().delete(`/v1/routes/${id}`).set(auth).expect(204);
    await api().get(`/v1/routes/${id}/score`).set(auth).expect(404);
  });

  it("will not link another tenant's site", async () => {
    const theirs = await h.keyFor('elsewhere', 'admin');
    const siteId = (await api().post('/v1/sites').set(bearer(theirs)).send(aSiteBody()).expect(201)).body.id as string;
    const r = await api()
      .post('/v1/routes')
      .set(auth)
      .send(aRouteBody({ siteIds: [siteId] }))
      .expect(422);
    expect(r.body.errors).toEqual([{ path: 'body.siteIds.0', message: `no site ${siteId}` }]);
  });

  it('imports LineString and MultiLineString features', async () => {
    const body = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: aRouteBody().geometry, properties: { name: 'N1', mode: 'road', bufferKm: 15 } },
        {
          type: 'Feature',
          geometry: {
            type: 'MultiLineString',
            coordinates: [
              [
                [0, 0],
                [0, 1],
              ],
            ],
          },
          properties: { name: 'Rail', mode: 'rail' },
        },
        { type: 'Feature', geometry: aRouteBody().geometry, properties: { name: 'No mode' } },
        {
          type: 'Feature',
          geometry: aRouteBody().geometry,
          properties: { name: 'Bad link', mode: 'road', siteIds: ['site_0000000000000000000000'] },
        },
      ],
    };
    const r = await api().post('/v1/routes/import').set(auth).send(body).expect(200);
    expect(r.body.created).toBe(2);
    expect(r.body.errors).toEqual([
      { index: 2, errors: [expect.objectContaining({ path: 'body.features.2.properties.mode' })] },
      { index: 3, errors: [{ path: 'body.features.3.properties.siteIds.0', message: 'no site site_0000000000000000000000' }] },
    ]);
  });
});
