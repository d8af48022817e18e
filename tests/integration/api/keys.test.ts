/** docs/api.md "Auth and tenancy" and "Starting the service": bootstrap, keys, tenants, revocation. */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { hashApiKey } from '../../../services/api/src/auth/apiKey';
import { ADMIN_KEY_FILE, bootstrapKeys } from '../../../services/api/src/auth/bootstrap';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { startTestRedis, type TestRedis } from '../../helpers/redisServer';
import { bearer } from './world';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('bootstrap', () => {
  let h: ApiHarness;
  afterEach(async () => {
    await h?.stop();
  });

  it('generates the first admin key once, writes it to DATA_DIR/admin.key (mode 600), and never again', async () => {
    h = await startApiHarness({ redis });
    const file = path.join(h.dataDir, ADMIN_KEY_FILE);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(h.adminKey);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await request(h.baseUrl).get('/v1/keys').set(bearer(h.adminKey)).expect(200);
    expect(await bootstrapKeys(h.deps)).toBeNull();
    expect(await h.deps.store.apiKeys.count()).toBe(1);
    expect(await h.deps.store.tenants.get('default')).toMatchObject({ id: 'default' });
  });

  it('ensures ADMIN_API_KEY as an admin key of tenant default, idempotently', async () => {
    const adminKey = 'operator-chosen-admin-key-0123456789';
    h = await startApiHarness({ redis, env: { ADMIN_API_KEY: adminKey } });
    expect(h.adminKey).toBe(adminKey);
    expect(fs.existsSync(path.join(h.dataDir, ADMIN_KEY_FILE))).toBe(false);
    const keys = (await request(h.baseUrl).get('/v1/keys').set(bearer(adminKey)).expect(200)).body.items;
    expect(keys).toEqual([expect.objectContaining({ tenant: 'default', role: 'admin', name: 'ADMIN_API_KEY' })]);
    await bootstrapKeys(h.deps);
    expect(await h.deps.store.apiKeys.count()).toBe(1);
  });
});

describe('keys through the API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ redis });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('an admin of default creates tenants by naming them; the key is shown once and stored hashed', async () => {
    const api = request(h.baseUrl);
    const r = await api
      .post('/v1/keys')
      .set(bearer(h.adminKey))
      .send({ tenant: 'newco', role: 'admin', name: 'first' })
      .expect(201);
    expect(r.body).toMatchObject({
      id: expect.any(String),
      key: expect.stringMatching(/^mr_/),
      tenant: 'newco',
      role: 'admin',
      name: 'first',
    });
    expect(await h.deps.store.tenants.get('newco')).not.toBeNull();
    const [stored] = await h.deps.store.apiKeys.list('newco');
    expect(stored!.hash).toBe(hashApiKey(r.body.key));
    const listed = (await api.get('/v1/keys').set(bearer(r.body.key)).expect(200)).body.items;
    expect(JSON.stringify(listed)).not.toContain(stored!.hash);
    expect(JSON.stringify(listed)).not.toContain(r.body.key);
    // The new tenant's admin makes keys in its own tenant only.
    await api.post('/v1/keys').set(bearer(r.body.key)).send({ role: 'reader' }).expect(201);
    await api.post('/v1/keys').set(bearer(r.body.key)).send({ tenant: 'default', role: 'admin' }).expect(403);
    await api.post('/v1/keys').set(bearer(h.adminKey)).send({ tenant: 'Bad Tenant', role: 'admin' }).expect(400);
  });

  it('a revoked key stops working at once', async () => {
    const api = request(h.baseUrl);
    const created = (await api.post('/v1/keys').set(bearer(h.adminKey)).send({ role: 'reader' }).expect(201)).body;
    await api.get('/v1/sites').set(bearer(created.key)).expect(200);
    await api.delete(`/v1/keys/${created.id}`).set(bearer(h.adminKey)).expect(204);
    await api.get('/v1/sites').set(bearer(created.key)).expect(401);
    const keys = (await api.get('/v1/keys').set(bearer(h.adminKey)).expect(200)).body.items;
    expect(keys.find((k: { id: string }) => k.id === created.id).revokedAt).not.toBeNull();
  });

  it('refuses malformed Authorization headers and keys that only share a prefix', async () => {
    const api = request(h.baseUrl);
    await api.get('/v1/sites').set('Authorization', h.adminKey).expect(401);
    await api.get('/v1/sites').set('Authorization', `Basic ${h.adminKey}`).expect(401);
    const forged = `${h.adminKey.slice(0, 16)}${'A'.repeat(43)}`;
    await api.get('/v1/sites').set(bearer(forged)).expect(401);
    await api.get('/v1/sites').set('Authorization', `bearer ${h.adminKey}`).expect(200);
  });
});
