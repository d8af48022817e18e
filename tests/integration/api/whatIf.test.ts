/** docs/api.md "Supply chains": POST /v1/what-if through HTTP — closures by id, area and event; stock-outs; 422s. */
import request from 'supertest';
import { whatIfView } from '../../../services/api/src/schemas/supply';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aRouteBody, aSiteBody, anEventBody, bearer } from './world';

let h: ApiHarness;
let auth: Record<string, string>;
let reader: Record<string, string>;
const api = () => request(h.baseUrl);

/** Roughly the Kayes region of Mali (west of 9.5°W). */
const kayes = {
  type: 'Polygon',
  coordinates: [
    [
      [-12.5, 12.2],
      [-9.3, 12.2],
      [-9.3, 15.6],
      [-12.5, 15.6],
      [-12.5, 12.2],
    ],
  ],
};
let site: string;
let dakar: string;
let abidjan: string;
let air: string;

beforeAll(async () => {
  h = await startApiHarness();
  auth = bearer(await h.keyFor('whatif', 'admin'));
  reader = bearer(await h.keyFor('whatif', 'reader'));
  const route = async (over: Record<string, unknown>) =>
    (await api().post('/v1/routes').set(auth).send(aRouteBody(over)).expect(201)).body.id as string;
  site = (
    await api()
      .post('/v1/sites')
      .set(auth)
      .send(aSiteBody({ name: 'Syama' }))
      .expect(201)
  ).body.id;
  // Bamako → Kayes → Dakar: through the Kayes region.
  dakar = await route({
    name: 'Dakar corridor',
    geometry: {
      type: 'LineString',
      coordinates: [
        [-8.0, 12.65],
        [-11.43, 14.45],
        [-17.44, 14.69],
      ],
    },
  });
  // Bamako → Abidjan: south-east of the region.
  abidjan = await route({
    name: 'Abidjan corridor',
    geometry: {
      type: 'LineString',
      coordinates: [
        [-8.0, 12.65],
        [-5.6, 9.5],
        [-4.0, 5.3],
      ],
    },
  });
  air = await route({
    name: 'Air bridge',
    mode: 'air',
    geometry: {
      type: 'LineString',
      coordinates: [
        [-8.0, 12.65],
        [-7.5, 11.0],
      ],
    },
  });
  await api()
    .put(`/v1/sites/${site}/supply`)
    .set(auth)
    .send({
      inputs: [
        {
          input: 'fuel',
          bufferDays: 20,
          routes: [
            { routeId: dakar, share: 0.8 },
            { routeId: abidjan, share: 0.2, maxShare: 0.5 },
            { routeId: air, share: 0, maxShare: 0.1 },
          ],
        },
        { input: 'explosives', bufferDays: 60, routes: [{ routeId: abidjan, share: 1 }] },
      ],
    })
    .expect(200);
});
afterAll(async () => {
  await h?.stop();
});

const whatIf = (body: unknown, key = reader) =>
  api()
    .post('/v1/what-if')
    .set(key)
    .send(body as object);

describe('POST /v1/what-if', () => {
  it('closes the routes an area cuts, with the km inside it, and gives days to stock-out and alternatives', async () => {
    const r = (await whatIf({ closeArea: kayes }).expect(200)).body;
    expect(() => whatIfView.parse(r)).not.toThrow();
    expect(r.closedRoutes).toEqual([{ id: dakar, name: 'Dakar corridor', reason: 'area', kmClosed: expect.any(Number) }]);
    // Bamako–Kayes–Dakar is ≈ 1,070 km long; a few hundred km of it lie between 9.3°W and 12.5°W.
    expect(r.closedRoutes[0].kmClosed).toBeGreaterThan(250);
    expect(r.closedRoutes[0].kmClosed).toBeLessThan(450);
    expect(r.sites).toEqual([
      {
        site: { id: site, name: 'Syama' },
        inputs: [
          {
            input: 'fuel',
            bufferDays: 20,
            lost: 0.8,
            absorbed: 0.4,
            net: 0.4,
            daysToStockout: 50,
            stockoutWithinDuration: false,
            alternatives: [
              expect.objectContaining({ routeId: expect.any(String), spare: expect.any(Number) }),
              expect.objectContaining({ routeId: expect.any(String), spare: expect.any(Number) }),
            ],
          },
        ],
      },
    ]);
    const alternatives = r.sites[0].inputs[0].alternatives;
    expect(alternatives.map((a: { routeId: string }) => a.routeId).sort()).toEqual([abidjan, air].sort());
    expect(alternatives[0].score).toBeLessThanOrEqual(alternatives[1].score);
    expect(r.summary).toEqual({ sitesAffected: 1, sitesStockingOut: 0 });
    const longer = (await whatIf({ closeArea: kayes, durationDays: 60 }).expect(200)).body;
    expect(longer.summary).toEqual({ sitesAffected: 1, sitesStockingOut: 1 });
  });

  it('closes listed routes first, and a site with no spare capacity left stocks out', async () => {
    const r = (await whatIf({ closeRoutes: [dakar, abidjan], closeArea: kayes }).expect(200)).body;
    expect(r.closedRoutes.map((c: { id: string; reason: string }) => [c.id, c.reason])).toEqual([
      [abidjan, 'listed'],
      [dakar, 'listed'],
    ]);
    const fuel = r.sites[0].inputs.find((i: { input: string }) => i.input === 'fuel');
    expect(fuel).toMatchObject({ lost: 1, absorbed: 0.1, net: 0.9, daysToStockout: 22.2 });
    const explosives = r.sites[0].inputs.find((i: { input: string }) => i.input === 'explosives');
    expect(explosives).toMatchObject({ lost: 1, absorbed: 0, net: 1, daysToStockout: 60, alternatives: [] });
  });

  it('closes nothing for an empty body', async () => {
    const r = (await whatIf({}).expect(200)).body;
    expect(r).toMatchObject({ closedRoutes: [], sites: [], summary: { sitesAffected: 0, sitesStockingOut: 0 } });
  });

  it('closes by an active event with a polygon, and refuses any other event (422)', async () => {
    const blockade = (
      await api()
        .post('/v1/events')
        .set(auth)
        .send(anEventBody({ title: 'Declared blockade of the Kayes region', category: 'blockade', geometry: kayes }))
        .expect(202)
    ).body.id as string;
    const r = (await whatIf({ closeByEvent: blockade }).expect(200)).body;
    expect(r.closedRoutes).toEqual([expect.objectContaining({ id: dakar, reason: 'event' })]);
    const point = (await api().post('/v1/events').set(auth).send(anEventBody()).expect(202)).body.id as string;
    const refused = await whatIf({ closeByEvent: point }).expect(422);
    expect(refused.body.detail).toContain(point);
    expect((await whatIf({ closeByEvent: 'evt_nope' }).expect(422)).body.detail).toContain('evt_nope');
  });

  it('answers 422 for an unknown route (naming it), an invalid or empty area; 400 for a malformed body', async () => {
    const unknown = await whatIf({ closeRoutes: [dakar, 'route_nope'] }).expect(422);
    expect(unknown.body.detail).toContain('route_nope');
    expect(unknown.body.errors).toEqual([{ path: 'body.closeRoutes.1', message: 'no route route_nope' }]);
    await whatIf({ closeArea: { type: 'Point', coordinates: [-10, 14] } }).expect(422);
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [-12, 12],
          [-9, 12],
          [-9, 15],
          [-12, 15],
        ],
      ],
    };
    await whatIf({ closeArea: open }).expect(422);
    const flat = {
      type: 'Polygon',
      coordinates: [
        [
          [-12, 12],
          [-9, 12],
          [-10, 12],
          [-12, 12],
        ],
      ],
    };
    expect((await whatIf({ closeArea: flat }).expect(422)).body.detail).toContain('no area');
    await whatIf({ durationDays: 0 }).expect(400);
    await whatIf({ closeRoutes: 'all' }).expect(400);
    await whatIf({ somethingElse: true }).expect(400);
  });

  it('is tenant-scoped: another tenant’s route is unknown, and its plans are not seen', async () => {
    const rival = bearer(await h.keyFor('rival', 'reader'));
    expect((await whatIf({ closeRoutes: [dakar] }, rival).expect(422)).body.detail).toContain(dakar);
    expect((await whatIf({ closeArea: kayes }, rival).expect(200)).body).toMatchObject({ closedRoutes: [], sites: [] });
  });

  it('sees a route created after its index was built', async () => {
    await whatIf({ closeArea: kayes }).expect(200);
    const rail = (
      await api()
        .post('/v1/routes')
        .set(auth)
        .send(
          aRouteBody({
            name: 'Dakar–Niger railway',
            mode: 'rail',
            geometry: {
              type: 'LineString',
              coordinates: [
                [-11.0, 14.0],
                [-10.0, 13.5],
              ],
            },
          }),
        )
        .expect(201)
    ).body.id as string;
    const r = (await whatIf({ closeArea: kayes }).expect(200)).body;
    expect(r.closedRoutes.map((c: { id: string }) => c.id).sort()).toEqual([dakar, rail].sort());
    await api().delete(`/v1/routes/${rail}`).set(auth).expect(204);
    expect((await whatIf({ closeArea: kayes }).expect(200)).body.closedRoutes.map((c: { id: string }) => c.id)).toEqual([dakar]);
  });
});
