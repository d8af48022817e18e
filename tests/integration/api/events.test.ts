/** docs/api.md "Feeds and events": customer events, feed documents, who sees what. */
import request from 'supertest';
import { anEvent, unprocessedEventCount } from '@minerisk/shared/testing/store/builders';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aSiteBody, anEventBody, bearer, fixture } from './world';

let h: ApiHarness;
let acme: Record<string, string>;
let rival: Record<string, string>;
const api = () => request(h.baseUrl);

beforeAll(async () => {
  h = await startApiHarness();
  acme = bearer(await h.keyFor('acme', 'analyst'));
  rival = bearer(await h.keyFor('rival', 'admin'));
});
afterAll(async () => {
  await h?.stop();
});

const queuedEventIds = async () =>
  (await h.deps.producers.queue('events').getJobs(['waiting'])).map((j) => j.data.eventId as string);

describe('POST /v1/events', () => {
  it('stores the report for the pushing tenant, queues it, and shows processedAt once applied', async () => {
    const before = Date.now();
    const r = await api()
      .post('/v1/events')
      .set(acme)
      .send(anEventBody({ severity01: 0.7, fatalities: 2 }))
      .expect(202);
    const id = r.body.id as string;
    expect(r.body).toEqual({ id });
    expect(r.headers.location).toBe(`/v1/events/${id}`);
    expect(await queuedEventIds()).toContain(id);
    const stored = await h.deps.store.events.getById(id);
    expect(stored).toMatchObject({ tenantId: 'acme', source: 'customer', severity01: 0.7, fatalities: 2, processedAt: null });
    expect(Date.parse(stored!.knownAt)).toBeGreaterThanOrEqual(before - 1000);

    const shown = (await api().get(`/v1/events/${id}`).set(acme).expect(200)).body;
    expect(shown).toMatchObject({
      id,
      global: false,
      title: 'Fuel convoy attacked near Kita',
      category: 'attack',
      targets: ['fuel', 'transport'],
      processedAt: null,
    });
    expect(shown).not.toHaveProperty('tenantId');
    await h.deps.store.events.markProcessed([id], '2030-01-01T00:00:00.000Z');
    expect((await api().get(`/v1/events/${id}`).set(acme).expect(200)).body.processedAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it('answers a repeated externalId with the stored event, storing nothing new', async () => {
    const body = anEventBody({ externalId: 'acme-incident-77' });
    const first = (await api().post('/v1/events').set(acme).send(body).expect(202)).body.id;
    const count = await unprocessedEventCount(h.deps.store);
    const second = (await api().post('/v1/events').set(acme).send(body).expect(202)).body.id;
    expect(second).toBe(first);
    expect(await unprocessedEventCount(h.deps.store)).toBe(count);
    // Another tenant's externalId space is its own.
    const theirs = (await api().post('/v1/events').set(rival).send(body).expect(202)).body.id;
    expect(theirs).not.toBe(first);
  });

  it('needs a geometry or countryCodes, and a known category', async () => {
    const r = await api()
      .post('/v1/events')
      .set(acme)
      .send(anEventBody({ geometry: undefined, category: 'alien-landing' }))
      .expect(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.category', 'body.geometry']);
  });

  it('lets a reader read but not push', async () => {
    const reader = bearer(await h.keyFor('acme', 'reader'));
    await api().post('/v1/events').set(reader).send(anEventBody()).expect(403);
    await api().get('/v1/events').set(reader).expect(200);
  });
});

describe('who sees an event', () => {
  it('public feed events are global; pushed ones belong to their tenant and count only for it', async () => {
    const [publicEvent] = await h.deps.store.events.accept([
      anEvent({ tenantId: null, title: 'Public feed item', knownAt: new Date().toISOString() }),
    ]);
    const pub = (await api().get(`/v1/events/${publicEvent!.id}`).set(rival).expect(200)).body;
    expect(pub).toMatchObject({ global: true, title: 'Public feed item' });

    // Two tenants with a site at the same place; only acme reports an attack there.
    const place = { type: 'Point', coordinates: [-3.0, 13.5] };
    const acmeSite = (
      await api()
        .post('/v1/sites')
        .set(bearer(await h.keyFor('acme', 'admin')))
        .send(aSiteBody({ location: place }))
        .expect(201)
    ).body.id;
    const rivalSite = (
      await api()
        .post('/v1/sites')
        .set(rival)
        .send(aSiteBody({ location: place }))
        .expect(201)
    ).body.id;
    const pushed = (
      await api()
        .post('/v1/events')
        .set(acme)
        .send(anEventBody({ geometry: place, category: 'attack', targets: ['mining'] }))
        .expect(202)
    ).body.id;
    await api().get(`/v1/events/${pushed}`).set(rival).expect(404);
    const acmeScore = (await api().get(`/v1/sites/${acmeSite}/score`).set(acme).expect(200)).body;
    const rivalScore = (await api().get(`/v1/sites/${rivalSite}/score`).set(rival).expect(200)).body;
    expect(acmeScore.contributors.map((c: { eventId: string }) => c.eventId)).toContain(pushed);
    expect(acmeScore.components.incidents).toBeGreaterThan(0);
    expect(rivalScore.contributors.map((c: { eventId: string }) => c.eventId)).not.toContain(pushed);
  });
});

describe('GET /v1/events', () => {
  it('filters by near/radiusKm, since and category', async () => {
    const key = bearer(await h.keyFor('geo', 'analyst'));
    const at = (lon: number, lat: number, over: Record<string, unknown> = {}) =>
      anEventBody({ geometry: { type: 'Point', coordinates: [lon, lat] }, ...over });
    const near = (await api().post('/v1/events').set(key).send(at(10, 10)).expect(202)).body.id;
    const far = (await api().post('/v1/events').set(key).send(at(12, 10)).expect(202)).body.id;
    const riot = (
      await api()
        .post('/v1/events')
        .set(key)
        .send(at(10.1, 10, { category: 'unrest' }))
        .expect(202)
    ).body.id;
    // Inside the 50 km box around (10, 10) but ~62 km away on the diagonal.
    const corner = (await api().post('/v1/events').set(key).send(at(10.4, 10.4)).expect(202)).body.id;
    const ids = async (q: string) =>
      ((await api().get(`/v1/events?${q}`).set(key).expect(200)).body.items as { id: string }[]).map((e) => e.id);
    const close = await ids('near=10,10&radiusKm=50');
    expect(close).toEqual(expect.arrayContaining([near, riot]));
    expect(close).not.toContain(far);
    expect(close).not.toContain(corner);
    expect(await ids('near=10,10&radiusKm=70')).toContain(corner);
    expect(await ids('near=10,10&radiusKm=50&category=unrest')).toEqual([riot]);
    expect(await ids(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    const page = await api().get('/v1/events?limit=2').set(key).expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).not.toBeNull();
  });
});

describe('POST /v1/ingest/:format', () => {
  it('accepts a real feed document, and the same document again changes nothing', async () => {
    const doc = fixture('usgs/significant_month-2023-10-11.geojson').toString('utf8');
    const first = (
      await api().post('/v1/ingest/usgs').set(acme).set('Content-Type', 'application/geo+json').send(doc).expect(202)
    ).body;
    expect(first.accepted).toBeGreaterThan(0);
    expect(first).toEqual({ accepted: first.accepted, duplicates: 0, ignored: expect.any(Number), rejected: expect.any(Array) });
    const again = (await api().post('/v1/ingest/usgs').set(acme).set('Content-Type', 'application/json').send(doc).expect(202))
      .body;
    expect(again).toMatchObject({ accepted: 0, duplicates: first.accepted });
    // Pushed events belong to the pushing tenant.
    const acmeEvents = (await api().get('/v1/events?category=natural-hazard/earthquake&limit=500').set(acme).expect(200)).body
      .items;
    const rivalEvents = (await api().get('/v1/events?category=natural-hazard/earthquake&limit=500').set(rival).expect(200)).body
      .items;
    expect(acmeEvents.length).toBe(first.accepted);
    expect(rivalEvents).toEqual([]);
  });

  it('ignores a leading byte-order mark and counts CAP messages that are not Actual as ignored', async () => {
    const cap = fixture('cap/oasis-ex1-homeland-security-nogeometry.xml').toString('utf8');
    const r = await api().post('/v1/ingest/cap').set(acme).set('Content-Type', 'application/cap+xml').send(`\uFEFF${cap}`);
    expect(r.status).toBe(202);
    expect(r.body.accepted + r.body.ignored + r.body.rejected.length).toBeGreaterThan(0);
  });

  it('answers a valid empty document with zeros', async () => {
    const r = await api()
      .post('/v1/ingest/acled')
      .set(acme)
      .set('Content-Type', 'text/csv')
      .send(fixture('acled/export-header-only.csv').toString('utf8'));
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ accepted: 0, duplicates: 0, ignored: 0, rejected: [] });
  });
});
