/** startApi().stop(): stop accepting, let in-flight requests finish, cut what outlives the deadline. */
import http from 'node:http';
import request from 'supertest';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aSiteBody, bearer } from './world';

let h: ApiHarness;
afterEach(async () => {
  await h?.stop();
});

/** Makes sites.get wait until released, so a request is provably in flight. */
function holdSiteReads(): { entered: Promise<void>; release: () => void } {
  const original = h.deps.store.sites.get.bind(h.deps.store.sites);
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const enteredP = new Promise<void>((r) => (entered = r));
  h.deps.store.sites.get = async (tenantId, id) => {
    entered();
    await gate;
    return original(tenantId, id);
  };
  return { entered: enteredP, release };
}

it('finishes a request in flight, then refuses new connections', async () => {
  // A deadline far beyond jest's 5 s test timeout: this passes only if stop() ends once the request is done.
  h = await startApiHarness({ env: { SHUTDOWN_TIMEOUT_MS: '60000' } });
  const id = (await request(h.baseUrl).post('/v1/sites').set(bearer(h.adminKey)).send(aSiteBody()).expect(201)).body.id;
  const hold = holdSiteReads();
  const inFlight = request(h.baseUrl)
    .get(`/v1/sites/${id}`)
    .set(bearer(h.adminKey))
    .then((r) => r.status);
  await hold.entered;
  const stopped = h.api.stop();
  hold.release();
  expect(await inFlight).toBe(200);
  await stopped;
  await expect(request(h.baseUrl).get('/healthz')).rejects.toThrow(/ECONNREFUSED/);
});

it('cuts a request that outlives SHUTDOWN_TIMEOUT_MS', async () => {
  h = await startApiHarness({ env: { SHUTDOWN_TIMEOUT_MS: '300' } });
  const id = (await request(h.baseUrl).post('/v1/sites').set(bearer(h.adminKey)).send(aSiteBody()).expect(201)).body.id;
  const hold = holdSiteReads();
  const outcome = new Promise<string>((resolve) => {
    http
      .get(`${h.baseUrl}/v1/sites/${id}`, { headers: bearer(h.adminKey) }, (res) => resolve(`status ${res.statusCode}`))
      .on('error', (err) => resolve(`error ${(err as NodeJS.ErrnoException).code}`));
  });
  await hold.entered;
  await h.api.stop();
  expect(await outcome).toBe('error ECONNRESET');
  hold.release();
});
