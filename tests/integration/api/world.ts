import request from 'supertest';
import { fixture } from '@minerisk/shared/testing/feeds/fixtures';
import type { Endpoint } from '../../../services/api/src/http/endpoint';
import type { ApiHarness } from '../../helpers/apiHarness';

/** Feed samples of tests/fixtures/feeds (see PROVENANCE.md there). */
export { fixture };

/** Builders with overrides (docs/contributing.md): request bodies for the API. */
export const aSiteBody = (over: Record<string, unknown> = {}) => ({
  name: 'Sadiola gold mine',
  location: { type: 'Point', coordinates: [-11.43, 14.45] },
  commodity: 'gold',
  ...over,
});
export const aRouteBody = (over: Record<string, unknown> = {}) => ({
  name: 'Bamako–Kayes road',
  mode: 'road',
  geometry: {
    type: 'LineString',
    coordinates: [
      [-8.0, 12.65],
      [-9.5, 13.4],
      [-11.43, 14.45],
    ],
  },
  ...over,
});
export const anEventBody = (over: Record<string, unknown> = {}) => ({
  title: 'Fuel convoy attacked near Kita',
  category: 'attack',
  targets: ['fuel', 'transport'],
  observedAt: new Date(Date.now() - 3_600_000).toISOString(),
  geometry: { type: 'Point', coordinates: [-9.49, 13.04] },
  ...over,
});
export const aSubscriptionBody = (over: Record<string, unknown> = {}) => ({
  url: 'http://127.0.0.1:9/hooks/risk',
  threshold: 60,
  direction: 'up',
  ...over,
});

/** A supply plan: fuel over the route (docs/api.md "Supply chains"). */
export const aSupplyBody = (routeId: string, over: Record<string, unknown> = {}) => ({
  inputs: [{ input: 'fuel', bufferDays: 10, routes: [{ routeId, share: 1 }] }],
  ...over,
});

/** One tenant's resources, made through the API, and keys of every role plus another tenant's admin. */
export interface World {
  tenant: string;
  keys: { admin: string; analyst: string; reader: string; otherTenantAdmin: string };
  readerKeyId: string;
  siteId: string;
  routeId: string;
  eventId: string;
  subscriptionId: string;
  deliveryId: string;
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

export async function buildWorld(h: ApiHarness, tenant = 'acme', otherTenant = 'rival'): Promise<World> {
  const api = request(h.baseUrl);
  const root = bearer(h.adminKey);
  const mk = async (auth: Record<string, string>, body: Record<string, unknown>) => {
    const r = await api.post('/v1/keys').set(auth).send(body).expect(201);
    return r.body as { id: string; key: string };
  };
  const admin = (await mk(root, { tenant, role: 'admin', name: `${tenant} admin` })).key;
  const analyst = (await mk(bearer(admin), { role: 'analyst' })).key;
  const reader = await mk(bearer(admin), { role: 'reader' });
  const otherTenantAdmin = (await mk(root, { tenant: otherTenant, role: 'admin' })).key;
  const auth = bearer(admin);
  const siteId = (await api.post('/v1/sites').set(auth).send(aSiteBody()).expect(201)).body.id as string;
  const routeId = (
    await api
      .post('/v1/routes')
      .set(auth)
      .send(aRouteBody({ siteIds: [siteId] }))
      .expect(201)
  ).body.id as string;
  await api.put(`/v1/sites/${siteId}/supply`).set(auth).send(aSupplyBody(routeId)).expect(200);
  const eventId = (
    await api
      .post('/v1/events')
      .set(auth)
      .send(anEventBody({ externalId: `${tenant}-inc-1` }))
      .expect(202)
  ).body.id as string;
  const subscriptionId = (await api.post('/v1/subscriptions').set(auth).send(aSubscriptionBody()).expect(201)).body.id as string;
  const deliveryId = (await api.post(`/v1/subscriptions/${subscriptionId}/test`).set(auth).expect(202)).body.id as string;
  return {
    tenant,
    keys: { admin, analyst, reader: reader.key, otherTenantAdmin },
    readerKeyId: reader.id,
    siteId,
    routeId,
    eventId,
    subscriptionId,
    deliveryId,
  };
}

/** A concrete request for an endpoint: its URL with the world's ids, and a valid body. */
export interface Sample {
  url: string;
  body?: unknown;
  contentType?: string;
  /** The URL names a resource of the world's tenant (so another tenant must get 404). */
  tenantResource: boolean;
}

const sampleFor: Record<string, (w: World) => Sample> = {
  'post /v1/keys': () => ({ url: '/v1/keys', body: { role: 'reader', name: 'dashboard' }, tenantResource: false }),
  'get /v1/keys': () => ({ url: '/v1/keys', tenantResource: false }),
  'delete /v1/keys/:id': (w) => ({ url: `/v1/keys/${w.readerKeyId}`, tenantResource: true }),
  'post /v1/sites/import': () => ({
    url: '/v1/sites/import',
    body: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-8.2, 11.9] }, properties: { name: 'Kalana' } }],
    },
    tenantResource: false,
  }),
  'post /v1/sites': () => ({ url: '/v1/sites', body: aSiteBody({ name: 'Loulo' }), tenantResource: false }),
  'get /v1/sites': () => ({ url: '/v1/sites', tenantResource: false }),
  'get /v1/sites/:id': (w) => ({ url: `/v1/sites/${w.siteId}`, tenantResource: true }),
  'put /v1/sites/:id': (w) => ({ url: `/v1/sites/${w.siteId}`, body: aSiteBody({ radiusKm: 80 }), tenantResource: true }),
  'delete /v1/sites/:id': (w) => ({ url: `/v1/sites/${w.siteId}`, tenantResource: true }),
  'post /v1/routes/import': () => ({
    url: '/v1/routes/import',
    body: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: aRouteBody().geometry, properties: { name: 'N1', mode: 'road' } }],
    },
    tenantResource: false,
  }),
  'post /v1/routes': () => ({ url: '/v1/routes', body: aRouteBody({ name: 'Dakar corridor' }), tenantResource: false }),
  'get /v1/routes': () => ({ url: '/v1/routes', tenantResource: false }),
  'get /v1/routes/:id': (w) => ({ url: `/v1/routes/${w.routeId}`, tenantResource: true }),
  'put /v1/routes/:id': (w) => ({ url: `/v1/routes/${w.routeId}`, body: aRouteBody({ bufferKm: 10 }), tenantResource: true }),
  'delete /v1/routes/:id': (w) => ({ url: `/v1/routes/${w.routeId}`, tenantResource: true }),
  'put /v1/sites/:id/supply': (w) => ({
    url: `/v1/sites/${w.siteId}/supply`,
    body: aSupplyBody(w.routeId),
    tenantResource: true,
  }),
  'get /v1/sites/:id/supply': (w) => ({ url: `/v1/sites/${w.siteId}/supply`, tenantResource: true }),
  'delete /v1/sites/:id/supply': (w) => ({ url: `/v1/sites/${w.siteId}/supply`, tenantResource: true }),
  'post /v1/what-if': (w) => ({ url: '/v1/what-if', body: { closeRoutes: [w.routeId] }, tenantResource: false }),
  'get /v1/sites/:id/score': (w) => ({ url: `/v1/sites/${w.siteId}/score`, tenantResource: true }),
  'get /v1/routes/:id/score': (w) => ({ url: `/v1/routes/${w.routeId}/score`, tenantResource: true }),
  'get /v1/sites/:id/history': (w) => ({ url: `/v1/sites/${w.siteId}/history`, tenantResource: true }),
  'get /v1/routes/:id/history': (w) => ({ url: `/v1/routes/${w.routeId}/history`, tenantResource: true }),
  'get /v1/scores': () => ({ url: '/v1/scores', tenantResource: false }),
  'get /v1/routes/:id/assessment': (w) => ({ url: `/v1/routes/${w.routeId}/assessment`, tenantResource: true }),
  'get /v1/sites/:id/score/changes': (w) => ({
    url: `/v1/sites/${w.siteId}/score/changes?from=${new Date(Date.now() - 86_400_000).toISOString()}`,
    tenantResource: true,
  }),
  'get /v1/routes/:id/score/changes': (w) => ({
    url: `/v1/routes/${w.routeId}/score/changes?from=${new Date(Date.now() - 86_400_000).toISOString()}`,
    tenantResource: true,
  }),
  'post /v1/assessments': () => ({ url: '/v1/assessments', body: aRouteBody({ name: 'Quote 42' }), tenantResource: false }),
  'get /v1/routes/:id/assessment.geojson': (w) => ({ url: `/v1/routes/${w.routeId}/assessment.geojson`, tenantResource: true }),
  'get /v1/scores.geojson': () => ({ url: '/v1/scores.geojson', tenantResource: false }),
  'get /v1/scores.csv': () => ({ url: '/v1/scores.csv', tenantResource: false }),
  'post /v1/events': () => ({ url: '/v1/events', body: anEventBody(), tenantResource: false }),
  'get /v1/events': () => ({ url: '/v1/events', tenantResource: false }),
  'get /v1/events/:id': (w) => ({ url: `/v1/events/${w.eventId}`, tenantResource: true }),
  'post /v1/ingest/:format': () => ({
    url: '/v1/ingest/usgs',
    body: fixture('usgs/significant_month-2023-10-11.geojson'),
    contentType: 'application/json',
    tenantResource: false,
  }),
  'post /v1/subscriptions': () => ({
    url: '/v1/subscriptions',
    body: aSubscriptionBody({ threshold: 80 }),
    tenantResource: false,
  }),
  'get /v1/subscriptions': () => ({ url: '/v1/subscriptions', tenantResource: false }),
  'get /v1/subscriptions/:id': (w) => ({ url: `/v1/subscriptions/${w.subscriptionId}`, tenantResource: true }),
  'delete /v1/subscriptions/:id': (w) => ({ url: `/v1/subscriptions/${w.subscriptionId}`, tenantResource: true }),
  'post /v1/subscriptions/:id/rotate-secret': (w) => ({
    url: `/v1/subscriptions/${w.subscriptionId}/rotate-secret`,
    tenantResource: true,
  }),
  'post /v1/subscriptions/:id/test': (w) => ({ url: `/v1/subscriptions/${w.subscriptionId}/test`, tenantResource: true }),
  'get /v1/subscriptions/:id/deliveries': (w) => ({
    url: `/v1/subscriptions/${w.subscriptionId}/deliveries`,
    tenantResource: true,
  }),
  'get /v1/deliveries/:id': (w) => ({ url: `/v1/deliveries/${w.deliveryId}`, tenantResource: true }),
  'post /v1/deliveries/:id/redeliver': (w) => ({ url: `/v1/deliveries/${w.deliveryId}/redeliver`, tenantResource: true }),
  'get /v1/ops/queues': () => ({ url: '/v1/ops/queues', tenantResource: false }),
  'get /v1/ops/feeds': () => ({ url: '/v1/ops/feeds', tenantResource: false }),
};

export const endpointKey = (e: Pick<Endpoint, 'method' | 'path'>) => `${e.method} ${e.path}`;

/** Every endpoint must have a sample: a new endpoint without one fails the suites that use this. */
export function sample(e: Endpoint, w: World): Sample {
  const make = sampleFor[endpointKey(e)];
  if (!make) throw new Error(`no sample request for ${endpointKey(e)}: add one to tests/integration/api/world.ts`);
  return make(w);
}

/** Sends a sample with a key (or none). */
export function send(h: ApiHarness, e: Endpoint, s: Sample, key: string | null): request.Test {
  const api = request(h.baseUrl);
  let r = api[e.method](s.url);
  if (key) r = r.set(bearer(key));
  if (s.contentType) r = r.set('Content-Type', s.contentType);
  if (s.body === undefined) return r;
  // superagent would JSON-encode a Buffer under a JSON content type: send raw documents as text.
  return r.send(Buffer.isBuffer(s.body) ? s.body.toString('utf8') : (s.body as object));
}
