/** docs/api.md "Errors": bad input is a clear 4xx problem+json, never a 500; a 500 never leaks a stack. */
import request from 'supertest';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aRouteBody, aSiteBody, bearer, fixture } from './world';

let h: ApiHarness;
let auth: Record<string, string>;

beforeAll(async () => {
  h = await startApiHarness();
  auth = bearer(h.adminKey);
});
afterAll(async () => {
  await h?.stop();
});

const api = () => request(h.baseUrl);
const paths = (r: request.Response) => (r.body.errors as { path: string }[]).map((e) => e.path).sort();

function expectProblem(r: request.Response, status: number): void {
  expect({ status: r.status, type: r.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(r.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
}

describe('400', () => {
  it('names broken JSON as the problem', async () => {
    const r = await api().post('/v1/sites').set(auth).set('Content-Type', 'application/json').send('{"name": "Kayes", ');
    expectProblem(r, 400);
    expect(r.body.detail).toMatch(/JSON/);
    expect(paths(r)).toEqual(['body']);
  });

  it('lists every missing field by path', async () => {
    const r = await api().post('/v1/sites').set(auth).send({ commodity: 'gold' });
    expectProblem(r, 400);
    expect(paths(r)).toEqual(['body.location', 'body.name']);
  });

  it('points at coordinates out of range', async () => {
    const r = await api()
      .post('/v1/sites')
      .set(auth)
      .send(aSiteBody({ location: { type: 'Point', coordinates: [-11.4, 95] } }));
    expectProblem(r, 400);
    expect(paths(r)).toEqual(['body.location.coordinates.1']);
  });

  it('refuses a LineString of one position and an unknown mode', async () => {
    const r = await api()
      .post('/v1/routes')
      .set(auth)
      .send(aRouteBody({ mode: 'teleport', geometry: { type: 'LineString', coordinates: [[0, 0]] } }));
    expectProblem(r, 400);
    expect(paths(r)).toEqual(['body.geometry.coordinates', 'body.mode']);
  });

  it('refuses geometry that is not GeoJSON', async () => {
    const r = await api()
      .post('/v1/sites')
      .set(auth)
      .send(aSiteBody({ location: { type: 'Circle', coordinates: [0, 0] } }));
    expectProblem(r, 400);
    expect(paths(r)[0]).toMatch(/^body\.location/);
  });

  it('refuses fields it does not know (typos are not silently dropped)', async () => {
    const r = await api()
      .post('/v1/sites')
      .set(auth)
      .send(aSiteBody({ radiuskm: 5 }));
    expectProblem(r, 400);
  });

  it('combines every query problem in one answer', async () => {
    const r = await api().get('/v1/scores?limit=0&minScore=200&sort=name').set(auth);
    expectProblem(r, 400);
    expect(paths(r)).toEqual(['query.limit', 'query.minScore', 'query.sort']);
    const events = await api().get('/v1/events?near=200,0&since=yesterday').set(auth);
    expect(paths(events)).toEqual(['query.near.0', 'query.since']);
  });

  it('refuses an asOf in the future and a cursor that is not one of ours', async () => {
    const site = (await api().post('/v1/sites').set(auth).send(aSiteBody()).expect(201)).body;
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(paths(await api().get(`/v1/sites/${site.id}/score?asOf=${future}`).set(auth).expect(400))).toEqual(['query.asOf']);
    expectProblem(await api().get('/v1/sites?cursor=not-a-cursor').set(auth), 400);
  });

  it('says which feed document cannot be parsed', async () => {
    const r = await api()
      .post('/v1/ingest/usgs')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"type": "FeatureCollection", ');
    expectProblem(r, 400);
    const empty = await api().post('/v1/ingest/cap').set(auth).set('Content-Type', 'application/xml').send('');
    expectProblem(empty, 400);
  });
});

describe('413, 415, 422', () => {
  it('413 for a JSON body over the limit', async () => {
    const r = await api()
      .post('/v1/sites')
      .set(auth)
      .send(aSiteBody({ name: 'x'.repeat(1_100_000) }));
    expectProblem(r, 413);
  });

  it('413 for a feed document over 10 MB', async () => {
    const r = await api()
      .post('/v1/ingest/geojson')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(`{"type":"FeatureCollection","features":[],"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`);
    expectProblem(r, 413);
  });

  it('415 for a body that is not JSON', async () => {
    const r = await api().post('/v1/sites').set(auth).set('Content-Type', 'text/plain').send('name=Kayes');
    expectProblem(r, 415);
  });

  it('415 for a feed document of the wrong content type, parameters ignored otherwise', async () => {
    expectProblem(await api().post('/v1/ingest/cap').set(auth).set('Content-Type', 'application/json').send('{}'), 415);
    expectProblem(await api().post('/v1/ingest/usgs').set(auth).set('Content-Type', 'text/csv').send('a,b'), 415);
    const ok = await api()
      .post('/v1/ingest/cap')
      .set(auth)
      .set('Content-Type', 'text/xml; charset=utf-8')
      .send(fixture('cap/oasis-ex2-thunderstorm-polygon.xml').toString('utf8'));
    expect(ok.status).toBe(202);
  });

  it('422 for a document that parses but is not that format', async () => {
    const r = await api().post('/v1/ingest/usgs').set(auth).set('Content-Type', 'application/json').send('{"hello": "world"}');
    expectProblem(r, 422);
    const cap = await api()
      .post('/v1/ingest/gdacs')
      .set(auth)
      .set('Content-Type', 'application/xml')
      .send(fixture('cap/oasis-ex2-thunderstorm-polygon.xml').toString('utf8'));
    expectProblem(cap, 422);
  });

  it('422 for a route linking sites that do not exist', async () => {
    const r = await api()
      .post('/v1/routes')
      .set(auth)
      .send(aRouteBody({ siteIds: ['site_0000000000000000000000'] }));
    expectProblem(r, 422);
    expect(paths(r)).toEqual(['body.siteIds.0']);
  });
});

describe('404', () => {
  it('for unknown paths, inside and outside /v1', async () => {
    expectProblem(await api().get('/nope'), 404);
    expectProblem(await api().get('/v1/nope').set(auth), 404);
    expectProblem(await api().patch('/v1/sites').set(auth), 404);
  });

  it('for an unknown feed format', async () => {
    const r = await api().post('/v1/ingest/rss').set(auth).set('Content-Type', 'application/xml').send('<rss/>');
    expectProblem(r, 404);
  });
});

describe('500', () => {
  it('never leaks a stack or the internal message', async () => {
    const site = (await api().post('/v1/sites').set(auth).send(aSiteBody()).expect(201)).body;
    const original = h.deps.store.sites.get;
    h.deps.store.sites.get = async () => {
      throw new Error('SQLITE_CORRUPT: database disk image is malformed at /var/lib/minerisk/db');
    };
    try {
      const r = await api().get(`/v1/sites/${site.id}`).set(auth).set('X-Request-Id', 'req-500-check');
      expectProblem(r, 500);
      expect(r.text).not.toMatch(/SQLITE|minerisk\/db|\.ts:\d+/);
      expect(r.body.requestId).toBe('req-500-check');
    } finally {
      h.deps.store.sites.get = original;
    }
  });
});

describe('request ids', () => {
  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    expect((await api().get('/healthz').set('X-Request-Id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    const made = (await api().get('/healthz').set('X-Request-Id', 'bad id with spaces')).headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });
});
