/**
 * docs/outputs.md through the real API: ad-hoc assessments, change reports, GeoJSON (checked by
 * @placemarkio/check-geojson) and CSV (read back with csv-parse).
 */
import fs from 'node:fs';
import path from 'node:path';
import { getIssues } from '@placemarkio/check-geojson';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { aScore } from '@minerisk/shared/testing/store/builders';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aRouteBody, aSiteBody, anEventBody, bearer } from './world';

let h: ApiHarness;
let admin: Record<string, string>;
let reader: Record<string, string>;
const api = () => request(h.baseUrl);
const CAP_FIXTURES = path.join(__dirname, '../../fixtures/feeds/cap');
/** On the Bamako–Kayes road of aRouteBody, near Kita. */
const ON_THE_ROAD = { type: 'Point', coordinates: [-9.0, 13.15] };

beforeAll(async () => {
  h = await startApiHarness();
  admin = bearer(await h.keyFor('outputs', 'admin'));
  reader = bearer(await h.keyFor('outputs', 'reader'));
  // A Level 4 advisory for Mali, so baselines are not 0.
  await api()
    .post('/v1/ingest/geojson')
    .set(admin)
    .send({
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
    })
    .expect(202);
});
afterAll(async () => {
  await h?.stop();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** An instant strictly after everything stored so far, and strictly before anything stored next. */
async function instant(): Promise<string> {
  await pause(5);
  const t = new Date().toISOString();
  await pause(5);
  return t;
}

interface Attributed {
  eventId: string;
  attribution: number;
  reason: string;
  contribution?: number;
}
interface ChangeBody {
  delta: number;
  from: { score: number };
  to: { score: number };
  components: { baseline: number; incidents: number; hazards: number };
  entered: Attributed[];
  left: Attributed[];
  changed: Attributed[];
}

function expectAttributionsAddUp(c: ChangeBody): void {
  expect(c.delta).toBeCloseTo(c.to.score - c.from.score, 9);
  expect(c.components.baseline + c.components.incidents + c.components.hazards).toBeCloseTo(c.delta, 9);
  const events = [...c.entered, ...c.left, ...c.changed].map((e) => e.attribution);
  expect(sum(events)).toBeCloseTo(c.components.incidents + c.components.hazards, 9);
}

describe('POST /v1/assessments', () => {
  it("assesses a stored route's own geometry exactly as the stored route's assessment, storing nothing", async () => {
    const body = aRouteBody({ name: 'Kita corridor', bufferKm: 30 });
    const routeId = (await api().post('/v1/routes').set(admin).send(body).expect(201)).body.id as string;
    await api()
      .post('/v1/events')
      .set(admin)
      .send(anEventBody({ geometry: ON_THE_ROAD }))
      .expect(202);
    const asOf = new Date().toISOString();
    const stored = (await api().get(`/v1/routes/${routeId}/assessment?asOf=${asOf}`).set(reader).expect(200)).body;
    expect(stored.contributors.length).toBeGreaterThan(0);

    const routesBefore = (await h.deps.store.routes.list('outputs', { limit: 500 })).items.length;
    const changesBefore = h.subjectChanges.length;
    const { name, mode, geometry } = body;
    const adHoc = (await api().post('/v1/assessments').set(reader).send({ name, mode, geometry, bufferKm: 30, asOf }).expect(200))
      .body;
    expect(adHoc.route.id).toBeNull();
    expect(adHoc).toEqual({ ...stored, route: { ...stored.route, id: null } });
    expect((await h.deps.store.routes.list('outputs', { limit: 500 })).items.length).toBe(routesBefore);
    expect(h.subjectChanges.length).toBe(changesBefore);
  });

  it('checks the route as POST /v1/routes does, and asOf', async () => {
    const bad = await api()
      .post('/v1/assessments')
      .set(reader)
      .send({ mode: 'hovercraft', geometry: { type: 'LineString', coordinates: [[200, 0]] }, siteIds: [] })
      .expect(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.mode', 'body.geometry.coordinates']));
    expect(JSON.stringify(bad.body.errors)).toMatch(/siteIds/);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const late = await api()
      .post('/v1/assessments')
      .set(reader)
      .send({ ...aRouteBody(), asOf: future })
      .expect(400);
    expect(late.body.errors).toEqual([expect.objectContaining({ path: 'body.asOf' })]);
    await api().post('/v1/assessments').send(aRouteBody()).expect(401);
  });

  it('takes no name and says so', async () => {
    const { mode, geometry } = aRouteBody();
    const a = (await api().post('/v1/assessments').set(reader).send({ mode, geometry }).expect(200)).body;
    expect(a.route).toMatchObject({ id: null, name: 'Ad-hoc route', mode: 'road' });
    expect(a.countries).toEqual([{ code: 'ML', advisoryLevel: 4 }]);
  });
});

describe('GET /v1/{sites,routes}/:id/score/changes', () => {
  it('lists an attack known between the two instants as entered, and the attributions add up to delta', async () => {
    const siteId = (
      await api()
        .post('/v1/sites')
        .set(admin)
        .send(aSiteBody({ location: { type: 'Point', coordinates: [-9.05, 13.15] } }))
        .expect(201)
    ).body.id;
    const routeId = (await api().post('/v1/routes').set(admin).send(aRouteBody()).expect(201)).body.id;
    const from = await instant();
    const attackId = (
      await api()
        .post('/v1/events')
        .set(admin)
        .send(anEventBody({ title: 'Convoy ambushed at Kita', geometry: ON_THE_ROAD }))
        .expect(202)
    ).body.id;
    const to = await instant();
    for (const [kind, id] of [
      ['sites', siteId],
      ['routes', routeId],
    ]) {
      const c = (await api().get(`/v1/${kind}/${id}/score/changes?from=${from}&to=${to}`).set(reader).expect(200))
        .body as ChangeBody;
      expect(c.delta).toBeGreaterThan(0);
      const attack = c.entered.find((e) => e.eventId === attackId);
      expect(attack).toMatchObject({ reason: 'new', contribution: expect.any(Number) });
      expect(attack!.contribution).toBeGreaterThan(0);
      expect(attack!.attribution).toBeGreaterThan(0);
      expect(c.entered[0]!.eventId).toBe(attackId);
      expect(c.components.baseline).toBe(0);
      expectAttributionsAddUp(c);
    }
  });

  it('lists a cancelled CAP alert as left', async () => {
    // The alert the IPAWS fixture cancels (its <references>), placed over a site in Mali and in effect now.
    const alert = `<?xml version="1.0"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
      <identifier>AS-NV-e18921c7-1b35-4a81-9705-42d25c265ddd</identifier><sender>bbrundage@dps.state.nv.us</sender>
      <sent>2019-04-18T12:02:32-06:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
      <info><category>Security</category><event>Armed attack on convoy</event><urgency>Immediate</urgency>
      <severity>Extreme</severity><certainty>Observed</certainty>
      <effective>${new Date(Date.now() - 3_600_000).toISOString()}</effective>
      <expires>${new Date(Date.now() + 30 * 86_400_000).toISOString()}</expires><headline>Convoy attacked</headline>
      <area><areaDesc>RN3</areaDesc><polygon>14.5,-9.2 14.6,-9.1 14.4,-9.0 14.5,-9.2</polygon></area></info></alert>`;
    const siteId = (
      await api()
        .post('/v1/sites')
        .set(admin)
        .send(aSiteBody({ location: { type: 'Point', coordinates: [-9.1, 14.5] } }))
        .expect(201)
    ).body.id;
    await api()
      .post('/v1/ingest/cap')
      .set(admin)
      .set('Content-Type', 'application/xml')
      .send(alert)
      .expect(202, { accepted: 1, duplicates: 0, ignored: 0, rejected: [] });
    const from = await instant();
    const cancel = fs.readFileSync(path.join(CAP_FIXTURES, 'ipaws-nv-cancel-no-info-signed-2019.xml'), 'utf8');
    await api().post('/v1/ingest/cap').set(admin).set('Content-Type', 'application/xml').send(cancel).expect(202);
    const to = await instant();
    const c = (await api().get(`/v1/sites/${siteId}/score/changes?from=${from}&to=${to}`).set(reader).expect(200))
      .body as ChangeBody;
    expect(c.delta).toBeLessThan(0);
    expect(c.left).toEqual([expect.objectContaining({ title: 'Convoy attacked', reason: 'cancelled' })]);
    expect(c.left[0]!.attribution).toBeLessThan(0);
    expect(c.entered).toEqual([]);
    expectAttributionsAddUp(c);
  });

  it('refuses from after to, bad or future instants, and other tenants', async () => {
    const siteId = (await api().post('/v1/sites').set(admin).send(aSiteBody()).expect(201)).body.id;
    const url = (q: string) => `/v1/sites/${siteId}/score/changes?${q}`;
    const now = new Date().toISOString();
    const earlier = new Date(Date.now() - 86_400_000).toISOString();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(
      (
        await api()
          .get(url(`from=${now}&to=${earlier}`))
          .set(reader)
          .expect(400)
      ).body.errors,
    ).toEqual([expect.objectContaining({ path: 'query.from', message: expect.stringMatching(/before/) })]);
    const bad = await api()
      .get(url(`from=yesterday&to=${future}`))
      .set(reader)
      .expect(400);
    expect(new Set(bad.body.errors.map((e: { path: string }) => e.path))).toEqual(new Set(['query.from', 'query.to']));
    await api()
      .get(url(`to=${now}`))
      .set(reader)
      .expect(400);
    const other = bearer(await h.keyFor('someone-else', 'admin'));
    await api()
      .get(url(`from=${earlier}`))
      .set(other)
      .expect(404);
    await api()
      .get(url(`from=${earlier}`))
      .set(reader)
      .expect(200);
  });
});

/** RFC 7946 as the validator checks it, and positions [lon, lat] within range; no polygons (no ring winding to check). */
function expectValidGeoJson(text: string): void {
  expect(getIssues(text)).toEqual([]);
  const doc = JSON.parse(text) as { features: { geometry: { type: string; coordinates: unknown } | null }[] };
  for (const f of doc.features) {
    if (f.geometry === null) continue;
    expect(['Point', 'LineString', 'MultiLineString']).toContain(f.geometry.type);
    const positions = (JSON.stringify(f.geometry.coordinates).match(/\[-?[\d.e-]+,-?[\d.e-]+\]/g) ?? []).map(
      (p) => JSON.parse(p) as [number, number],
    );
    expect(positions.length).toBeGreaterThan(0);
    for (const [lon, lat] of positions) {
      expect(Math.abs(lon)).toBeLessThanOrEqual(180);
      expect(Math.abs(lat)).toBeLessThanOrEqual(90);
    }
  }
}

describe('GeoJSON', () => {
  it('gives a route assessment as one LineString per segment, lon/lat, with the segment scores', async () => {
    const routeId = (await api().post('/v1/routes').set(admin).send(aRouteBody()).expect(201)).body.id;
    const asOf = new Date().toISOString();
    const a = (await api().get(`/v1/routes/${routeId}/assessment?asOf=${asOf}`).set(reader).expect(200)).body;
    const r = await api().get(`/v1/routes/${routeId}/assessment.geojson?asOf=${asOf}`).set(reader).expect(200);
    expect(r.headers['content-type']).toMatch(/^application\/geo\+json/);
    expectValidGeoJson(r.text);
    const doc = JSON.parse(r.text);
    expect(doc.features).toHaveLength(a.segments.length);
    doc.features.forEach(
      (f: { geometry: { type: string; coordinates: number[][] }; properties: Record<string, unknown> }, i: number) => {
        expect(f.geometry.type).toBe('LineString');
        expect(f.properties).toEqual({ ...a.segments[i], level: expect.any(String), baseline: undefined, local: undefined });
      },
    );
    // The first segment starts where the route starts: [lon, lat], not [lat, lon].
    expect(doc.features[0].geometry.coordinates[0]).toEqual(aRouteBody().geometry.coordinates[0]);
    expect(doc.features.at(-1).geometry.coordinates.at(-1)).toEqual(aRouteBody().geometry.coordinates.at(-1));
  });
});

describe('GET /v1/scores.geojson and /v1/scores.csv', () => {
  const tenant = 'exports';
  let key: Record<string, string>;
  let ids: { site: string; route: string; evil: string };

  beforeAll(async () => {
    const own = bearer(await h.keyFor(tenant, 'admin'));
    key = bearer(await h.keyFor(tenant, 'reader'));
    ids = {
      site: (
        await api()
          .post('/v1/sites')
          .set(own)
          .send(aSiteBody({ name: 'Sadiola, "the big one"' }))
          .expect(201)
      ).body.id,
      route: (await api().post('/v1/routes').set(own).send(aRouteBody()).expect(201)).body.id,
      evil: (
        await api()
          .post('/v1/sites')
          .set(own)
          .send(aSiteBody({ name: '=HYPERLINK("http://x.invalid","click")' }))
          .expect(201)
      ).body.id,
    };
    let seq = 1;
    for (const [type, id, score, delta7d] of [
      ['site', ids.site, 61.3, -4.2],
      ['route', ids.route, 42, 1.5],
      ['site', ids.evil, 10, 0],
    ] as const) {
      await h.deps.store.scores.putIfNewer(
        aScore({ tenantId: tenant, subjectType: type, subjectId: id, score, trend: { delta7d }, basedOnSeq: seq++ }),
      );
    }
  });

  it('GeoJSON: sites as Points, routes as their lines, with score, level and supplyScore', async () => {
    const r = await api().get('/v1/scores.geojson').set(key).expect(200);
    expect(r.headers['content-type']).toMatch(/^application\/geo\+json/);
    expectValidGeoJson(r.text);
    const doc = JSON.parse(r.text);
    expect(doc.features.map((f: { id: string }) => f.id)).toEqual([ids.site, ids.route, ids.evil]);
    expect(doc.features[0]).toMatchObject({
      geometry: aSiteBody().location,
      properties: { type: 'site', id: ids.site, score: 61.3, supplyScore: null, delta7d: -4.2 },
    });
    expect(doc.features[1].geometry).toEqual(aRouteBody().geometry);
  });

  it('CSV: round-trips through csv-parse, numbers as numbers, formula-like text escaped', async () => {
    const r = await api().get('/v1/scores.csv').set(key).expect(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(r.text, { columns: true, cast: true }) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual(['type', 'id', 'name', 'score', 'level', 'supplyScore', 'delta7d', 'asOf']);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      type: 'site',
      id: ids.site,
      name: 'Sadiola, "the big one"',
      score: 61.3,
      delta7d: -4.2,
      supplyScore: '',
    });
    expect(rows[1]).toMatchObject({ type: 'route', name: 'Bamako–Kayes road', score: 42, delta7d: 1.5 });
    expect(rows[2]!.name).toBe(`'=HYPERLINK("http://x.invalid","click")`);
    expect(r.text).toContain('-4.2');
    expect(r.text).not.toMatch(/(^|,)=/m);
  });

  it('has the filters, sort, pagination (Link rel=next) and ETag of GET /v1/scores', async () => {
    for (const format of ['csv', 'geojson']) {
      const first = await api().get(`/v1/scores.${format}?sort=score&limit=2`).set(key).expect(200);
      const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.link ?? '');
      expect(next).not.toBeNull();
      const second = await api().get(next![1]!).set(key).expect(200);
      expect(second.headers.link).toBeUndefined();
      const scores = (res: request.Response) =>
        format === 'csv'
          ? (parse(res.text, { columns: true, cast: true }) as { score: number }[]).map((row) => row.score)
          : JSON.parse(res.text).features.map((f: { properties: { score: number } }) => f.properties.score);
      expect([...scores(first), ...scores(second)]).toEqual([10, 42, 61.3]);
      const filtered = await api().get(`/v1/scores.${format}?type=route`).set(key).expect(200);
      expect(scores(filtered)).toEqual([42]);

      const etag = first.headers.etag!;
      await api().get(`/v1/scores.${format}?sort=score&limit=2`).set(key).set('If-None-Match', etag).expect(304);
      const json = await api().get('/v1/scores?sort=score&limit=2').set(key).expect(200);
      expect(json.headers.etag).not.toBe(etag);
    }
    await h.deps.store.scores.putIfNewer(
      aScore({ tenantId: tenant, subjectType: 'site', subjectId: ids.evil, score: 11, basedOnSeq: 99 }),
    );
    const csv = await api().get('/v1/scores.csv').set(key).expect(200);
    await api().get('/v1/scores.csv').set(key).set('If-None-Match', '"stale"').expect(200);
    expect(csv.headers.etag).toBeDefined();
    await api().get('/v1/scores.csv').expect(401);
    await api().get('/v1/scores.csv?minScore=abc').set(key).expect(400);
  });
});
