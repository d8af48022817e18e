/** Issue 21 finding 8: a per-address limit on failed authentications answers 429 before the key is looked at. */
import request from 'supertest';
import { startApiHarness, type ApiHarness } from '../helpers/apiHarness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ env: { AUTH_FAILURES_PER_MINUTE: '20' } });
});
afterAll(async () => {
  await h?.stop();
});

it('answers 401 for the first bad keys, then 429 with Retry-After as problem+json, and /healthz still answers', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) {
    const r = await request(h.baseUrl)
      .get('/v1/sites')
      .set('Authorization', `Bearer mr_guess_${i}_${'x'.repeat(30)}`);
    statuses.push(r.status);
  }
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(21).every((s) => s === 429)).toBe(true);
  const last = await request(h.baseUrl).get('/v1/sites').set('Authorization', 'Bearer mr_guess_last_xxxxxxxxxxxxxxxxxxxxxxxxx');
  expect(last.status).toBe(429);
  expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect((await request(h.baseUrl).get('/healthz')).status).toBe(200);
});
