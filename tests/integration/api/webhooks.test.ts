/** docs/api.md "Webhooks": subscriptions and deliveries through the API (delivery itself is the notifier's). */
import request from 'supertest';
import { startApiHarness, type ApiHarness } from '../../helpers/apiHarness';
import { aSubscriptionBody, bearer } from './world';

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

describe('subscriptions', () => {
  it('shows the secret only on creation and rotation', async () => {
    const created = await api()
      .post('/v1/subscriptions')
      .set(auth)
      .send(aSubscriptionBody({ filter: { subjectType: 'site' }, description: 'ops' }))
      .expect(201);
    const { id, secret } = created.body;
    expect(secret).toMatch(/^whsec_/);
    expect(created.body).toMatchObject({
      url: 'http://127.0.0.1:9/hooks/risk',
      threshold: 60,
      direction: 'up',
      hysteresis: 5,
      filter: { subjectType: 'site' },
      description: 'ops',
    });
    const shown = (await api().get(`/v1/subscriptions/${id}`).set(auth).expect(200)).body;
    expect(JSON.stringify(shown)).not.toContain('whsec_');
    const listed = (await api().get('/v1/subscriptions').set(auth).expect(200)).body;
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    const rotated = (await api().post(`/v1/subscriptions/${id}/rotate-secret`).set(auth).expect(200)).body;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    await api().delete(`/v1/subscriptions/${id}`).set(auth).expect(204);
    await api().get(`/v1/subscriptions/${id}`).set(auth).expect(404);
  });

  it('validates the subscription', async () => {
    const r = await api()
      .post('/v1/subscriptions')
      .set(auth)
      .send(aSubscriptionBody({ url: 'ftp://x', threshold: 101, direction: 'sideways' }))
      .expect(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.direction', 'body.threshold', 'body.url']);
  });

  it('queues a test ping, lists its delivery, shows it and redelivers it', async () => {
    const id = (await api().post('/v1/subscriptions').set(auth).send(aSubscriptionBody()).expect(201)).body.id;
    const ping = (await api().post(`/v1/subscriptions/${id}/test`).set(auth).expect(202)).body;
    expect(ping).toMatchObject({ subscriptionId: id, eventType: 'ping', status: 'pending', attempts: 0 });
    expect(ping).not.toHaveProperty('payload');
    const jobs = await h.deps.producers.queue('webhooks').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.map((j) => j.data.deliveryId)).toContain(ping.id);
    const list = (await api().get(`/v1/subscriptions/${id}/deliveries`).set(auth).expect(200)).body;
    expect(list.items.map((d: { id: string }) => d.id)).toEqual([ping.id]);
    const detail = (await api().get(`/v1/deliveries/${ping.id}`).set(auth).expect(200)).body;
    expect(detail).toMatchObject({ id: ping.id, attemptLog: [] });
    const again = (await api().post(`/v1/deliveries/${ping.id}/redeliver`).set(auth).expect(202)).body;
    expect(again).toMatchObject({ id: ping.id, status: 'pending' });
    await api().post('/v1/deliveries/dlv_0000000000000000000000/redeliver').set(auth).expect(404);
  });
});
