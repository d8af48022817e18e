/**
 * docs/architecture.md invariant "Isolation" and docs/api.md "Auth and tenancy", as a matrix over every /v1 endpoint:
 * no key → 401 (with WWW-Authenticate: Bearer), another tenant's resource → 404, a role that may not → 403.
 */
import request from 'supertest';
import { may } from '../../../services/api/src/auth/permissions';
import { V1_ENDPOINTS } from '../../../services/api/src/endpoints';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { bearer, buildWorld, endpointKey, sample, send, type World } from './world';

let h: ApiHarness;
let w: World;

beforeAll(async () => {
  h = await startApiHarness();
  w = await buildWorld(h);
});
afterAll(async () => {
  await h?.stop();
});

function expectProblem(r: request.Response, status: number): void {
  expect({ status: r.status, type: r.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(r.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
}

const cases = V1_ENDPOINTS.map((e) => [endpointKey(e), e] as const);

describe('no key or an unknown key: 401 before anything else', () => {
  it.each(cases)('%s', async (_name, e) => {
    const s = sample(e, w);
    const none = await send(h, e, s, null);
    expectProblem(none, 401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const unknown = await send(h, e, s, 'mr_aaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expectProblem(unknown, 401);
    expect(unknown.headers['www-authenticate']).toMatch(/^Bearer .*invalid_token/);
  });
});

describe('a role that may not: 403, before the resource is looked up', () => {
  const forbidden = cases.flatMap(([name, e]) =>
    (['reader', 'analyst'] as const).filter((role) => !may(role, e.permission)).map((role) => [name, role, e] as const),
  );
  it('covers every write of the API', () => {
    expect(forbidden.map(([n, r]) => `${r} ${n}`)).toEqual(
      expect.arrayContaining([
        'reader post /v1/sites',
        'reader post /v1/events',
        'analyst post /v1/keys',
        'analyst delete /v1/sites/:id',
      ]),
    );
  });
  it.each(forbidden)('%s as %s', async (_name, role, e) => {
    const s = sample(e, w);
    expectProblem(await send(h, e, s, w.keys[role]), 403);
    // Before lookup: a resource that does not exist gives 403 too, so a 403 reveals nothing.
    if (s.tenantResource)
      expectProblem(
        await send(h, e, { ...s, url: s.url.replace(/_[a-z0-9]{20,}/, '_0000000000000000000000') }, w.keys[role]),
        403,
      );
  });
  it('lets each role do what docs/api.md grants it', async () => {
    const api = request(h.baseUrl);
    await api.get(`/v1/sites/${w.siteId}/score`).set(bearer(w.keys.reader)).expect(200);
    await api.get(`/v1/routes/${w.routeId}/assessment`).set(bearer(w.keys.reader)).expect(200);
    await api
      .post('/v1/events')
      .set(bearer(w.keys.analyst))
      .send({ title: 'Roadblock', category: 'blockade', observedAt: new Date().toISOString(), countryCodes: ['ML'] })
      .expect(202);
    await api.get(`/v1/subscriptions/${w.subscriptionId}`).set(bearer(w.keys.analyst)).expect(200);
  });
});

describe("another tenant's resource: 404, existence not revealed", () => {
  const owned = cases.filter(([, e]) => e.params !== undefined && endpointKey(e) !== 'post /v1/ingest/:format');
  it.each(owned)('%s', async (_name, e) => {
    const s = sample(e, w);
    expect(s.tenantResource).toBe(true);
    const theirs = await send(h, e, s, w.keys.otherTenantAdmin);
    expectProblem(theirs, 404);
    const missing = await send(
      h,
      e,
      { ...s, url: s.url.replace(/_[a-z0-9]{20,}/, '_0000000000000000000000') },
      w.keys.otherTenantAdmin,
    );
    expect(missing.body.detail.replace(/\S+_0{22}/, 'ID')).toBe(theirs.body.detail.replace(/\S+_[a-z0-9]{20,}/, 'ID'));
  });

  it("leaves the owner's resources as they were", async () => {
    const api = request(h.baseUrl);
    const auth = bearer(w.keys.admin);
    await api.get(`/v1/sites/${w.siteId}`).set(auth).expect(200);
    await api
      .get(`/v1/routes/${w.routeId}`)
      .set(auth)
      .expect(200)
      .expect((r) => expect(r.body.bufferKm).toBe(25));
    await api.get(`/v1/subscriptions/${w.subscriptionId}`).set(auth).expect(200);
    await api.get(`/v1/events/${w.eventId}`).set(auth).expect(200);
    await api
      .get('/v1/keys')
      .set(auth)
      .expect(200)
      .expect((r) => expect(r.body.items.find((k: { id: string }) => k.id === w.readerKeyId).revokedAt).toBeNull());
  });

  it("lists only the caller's own data", async () => {
    const api = request(h.baseUrl);
    const theirs = bearer(w.keys.otherTenantAdmin);
    for (const url of ['/v1/sites', '/v1/routes', '/v1/scores', '/v1/subscriptions']) {
      const r = await api.get(url).set(theirs).expect(200);
      expect({ url, items: r.body.items }).toEqual({ url, items: [] });
    }
    const keys = await api.get('/v1/keys').set(theirs).expect(200);
    expect(keys.body.items.map((k: { tenant: string }) => k.tenant)).toEqual(['rival']);
    const events = await api.get('/v1/events').set(theirs).expect(200);
    expect(events.body.items.map((e: { id: string }) => e.id)).not.toContain(w.eventId);
  });

  it("does not let another tenant's admin create keys in this tenant", async () => {
    await request(h.baseUrl)
      .post('/v1/keys')
      .set(bearer(w.keys.otherTenantAdmin))
      .send({ tenant: w.tenant, role: 'admin' })
      .expect(403);
  });
});
