import pino from 'pino';
import { Registry } from 'prom-client';
import type { Store } from '@minerisk/shared/store/port';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import { createWebhookDispatcher } from '@minerisk/shared/webhooks/ssrfGuard';
import { createSubscription, queueTestPing, rotateSecret } from '../../../services/api/src/subscriptions/subscriptionRules';
import { recordingProducers } from '@minerisk/shared/testing/webhooks/builders';
import { startReceiver, type TestReceiver } from '@minerisk/shared/testing/webhooks/receiver';
import { deliver, type DeliverDeps } from '../../../services/notifier/src/deliver';
import { notifierMetrics } from '../../../services/notifier/src/metrics';
import { STANDARD_RETRY_SCHEDULE } from '../../../services/notifier/src/retrySchedule';

describe('deliver: one attempt against a real receiver', () => {
  let receiver: TestReceiver;
  let store: Store;
  let producers: ReturnType<typeof recordingProducers>;
  let deps: DeliverDeps;
  let clock: Date;
  let registry: Registry;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
    producers = recordingProducers();
    clock = new Date();
    registry = new Registry();
    receiver.received.length = 0;
    receiver.reply = () => ({ status: 200 });
    deps = {
      store,
      producers,
      dispatcher: createWebhookDispatcher({ allowPrivate: true }),
      schedule: STANDARD_RETRY_SCHEDULE,
      metrics: notifierMetrics(registry),
      logger: pino({ level: 'silent' }),
      now: () => clock,
      random: () => 0,
    };
  });
  afterEach(async () => {
    await deps.dispatcher.close();
    await store.close();
  });

  async function aPing(path = '/hook', url = receiver.url) {
    const { subscription, secret } = await createSubscription(
      store,
      'acme',
      { url: `${url}${path}`, threshold: 70, direction: 'up' },
      clock,
    );
    receiver.secrets = [secret];
    const delivery = (await queueTestPing({ store, producers }, 'acme', subscription.id, clock))!;
    return { subscription, secret, delivery, job: producers.webhookJobs.at(-1)! };
  }
  const result = async (name: string) => (await registry.metrics()).split('\n').filter((l) => l.startsWith(name));

  it('delivers a signed ping: the receiver verifies it, the attempt and the delivery are recorded', async () => {
    const { delivery, job } = await aPing();
    expect(job).toEqual({ deliveryId: delivery.id, attempt: 0 });
    expect(await deliver(deps, job)).toBe('delivered');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      id: delivery.id,
      verifyError: null,
      verified: { type: 'ping', data: { subscriptionId: delivery.subscriptionId } },
    });
    expect(await store.deliveries.getById(delivery.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      chainAttempts: 1,
      lastStatusCode: 200,
      nextAttemptAt: null,
      deliveredAt: clock.toISOString(),
    });
    expect(await store.deliveries.attempts('acme', delivery.id)).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, error: null, latencyMs: expect.any(Number) }),
    ]);
    expect(await result('webhook_deliveries_total')).toEqual(['webhook_deliveries_total{result="delivered"} 1']);
    expect(await result('webhook_delivery_duration_seconds_count')).toEqual(['webhook_delivery_duration_seconds_count 1']);
  });

  it('an address the connect-time guard refuses: failed at once with the reason in the log, no retry (issue 21)', async () => {
    await deps.dispatcher.close();
    // The guarded dispatcher, with a name that resolves to loopback (DNS rebinding style).
    deps.dispatcher = createWebhookDispatcher({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const { delivery, job } = await aPing('/hook', 'http://receiver.example:9');
    const queuedBefore = producers.webhookJobs.length;
    expect(await deliver(deps, job)).toBe('failed');
    expect(producers.webhookJobs).toHaveLength(queuedBefore);
    expect(await store.deliveries.getById(delivery.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastError: expect.stringMatching(/webhook address refused: receiver\.example is 127\.0\.0\.1 \(loopback\)/),
    });
    expect(await store.deliveries.attempts('acme', delivery.id)).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: null, error: expect.stringMatching(/address refused/) }),
    ]);
    expect(receiver.received).toHaveLength(0);
  });

  it('500 then 200: retried 5 s later with the same webhook-id, signed afresh; the failure run starts and ends', async () => {
    receiver.reply = ({ n }) => ({ status: n === 0 ? 500 : 200 });
    const { delivery, job, subscription } = await aPing();
    expect(await deliver(deps, job)).toBe('retrying');
    const retry = producers.webhookJobs.at(-1)!;
    expect(retry).toEqual({ deliveryId: delivery.id, attempt: 1, delayMs: 5_000 });
    expect(await store.deliveries.getById(delivery.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: new Date(clock.getTime() + 5_000).toISOString(),
    });
    expect((await store.subscriptions.get('acme', subscription.id))?.failingSince).toBe(clock.toISOString());

    clock = new Date(clock.getTime() + 5_000);
    expect(await deliver(deps, retry)).toBe('delivered');
    expect(receiver.received.map((r) => [r.id, r.status, r.verifyError])).toEqual([
      [delivery.id, 500, null],
      [delivery.id, 200, null],
    ]);
    expect(Number(receiver.received[1]!.timestamp) - Number(receiver.received[0]!.timestamp)).toBe(5);
    expect((await store.deliveries.attempts('acme', delivery.id)).map((a) => a.statusCode)).toEqual([500, 200]);
    expect((await store.subscriptions.get('acme', subscription.id))?.failingSince).toBeNull();
  });

  it('410 disables the subscription and fails the delivery; its other deliveries are then dropped unsent', async () => {
    receiver.reply = () => ({ status: 410 });
    const { delivery, job, subscription } = await aPing();
    const second = (await queueTestPing({ store, producers }, 'acme', subscription.id, clock))!;
    expect(await deliver(deps, job)).toBe('disabled');
    expect(await store.subscriptions.get('acme', subscription.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'the receiver answered 410 Gone',
    });
    expect(await store.deliveries.getById(delivery.id)).toMatchObject({ status: 'failed', lastStatusCode: 410 });
    expect(await deliver(deps, { deliveryId: second.id, attempt: 0 })).toBe('failed');
    expect(await store.deliveries.getById(second.id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      lastError: expect.stringMatching(/^subscription disabled/),
    });
    expect(receiver.received).toHaveLength(1);
    expect(producers.webhookJobs).toHaveLength(2);
  });

  it('does not follow a redirect: a 302 is a failed attempt, and the target is never called', async () => {
    receiver.reply = ({ path }) =>
      path === '/moved' ? { status: 302, headers: { location: `${receiver.url}/target` } } : { status: 200 };
    const { job } = await aPing('/moved');
    expect(await deliver(deps, job)).toBe('retrying');
    expect(receiver.received.map((r) => r.status)).toEqual([302]);
  });

  it('honours Retry-After', async () => {
    receiver.reply = () => ({ status: 503, headers: { 'retry-after': '120' } });
    const { job } = await aPing();
    expect(await deliver(deps, job)).toBe('retrying');
    expect(producers.webhookJobs.at(-1)?.delayMs).toBe(120_000);
  });

  it('a receiver slower than the timeout is a failed attempt with no status code', async () => {
    receiver.reply = () => ({ status: 200, delayMs: 1_000 });
    deps.timeoutMs = 150;
    const { job, delivery } = await aPing();
    expect(await deliver(deps, job)).toBe('retrying');
    expect(await store.deliveries.attempts('acme', delivery.id)).toEqual([
      expect.objectContaining({ statusCode: null, error: 'timeout after 150 ms' }),
    ]);
  });

  it('dead-letters the delivery when the schedule is exhausted', async () => {
    receiver.reply = () => ({ status: 500 });
    const { delivery } = await aPing();
    const late = { ...delivery, attempts: 12, chainAttempts: STANDARD_RETRY_SCHEDULE.delaysMs.length };
    await store.deliveries.update(late);
    expect(await deliver(deps, { deliveryId: delivery.id, attempt: 12 })).toBe('failed');
    expect(await store.deliveries.getById(delivery.id)).toMatchObject({
      status: 'failed',
      attempts: 13,
      nextAttemptAt: null,
      lastError: 'HTTP 500',
    });
  });

  it('disables a subscription whose deliveries have failed for 5 days', async () => {
    receiver.reply = () => ({ status: 500 });
    const { subscription, job } = await aPing();
    const since = new Date(clock.getTime() - 5 * 24 * 3_600_000).toISOString();
    await store.subscriptions.update({ ...subscription, failingSince: since });
    expect(await deliver(deps, job)).toBe('disabled');
    expect(await store.subscriptions.get('acme', subscription.id)).toMatchObject({ status: 'disabled', failingSince: since });
  });

  it('a job for an attempt already made (a duplicate) sends nothing', async () => {
    const { job } = await aPing();
    expect(await deliver(deps, job)).toBe('delivered');
    expect(await deliver(deps, job)).toBe('skipped');
    expect(await deliver(deps, { ...job, attempt: 1 })).toBe('skipped');
    expect(receiver.received).toHaveLength(1);
  });

  it('after a secret rotation both the old and the new secret verify the same attempt', async () => {
    const { subscription, secret, job } = await aPing();
    const rotated = (await rotateSecret(store, 'acme', subscription.id, clock))!;
    receiver.secrets = [secret];
    expect(await deliver(deps, job)).toBe('delivered');
    const [received] = receiver.received;
    expect(received?.verifyError).toBeNull();
    expect(received?.signature.split(' ')).toHaveLength(2);
    const { Webhook } = await import('standardwebhooks');
    expect(() =>
      new Webhook(rotated.secret).verify(received!.body, {
        'webhook-id': received!.id,
        'webhook-timestamp': received!.timestamp,
        'webhook-signature': received!.signature,
      }),
    ).not.toThrow();
  });

  it('with the SSRF guard on, a loopback receiver is refused the refusal is logged as the attempt error and the delivery fails without retry (issue 21)', async () => {
    await deps.dispatcher.close();
    deps.dispatcher = createWebhookDispatcher({ allowPrivate: false });
    const { job, delivery } = await aPing();
    expect(await deliver(deps, job)).toBe('failed');
    expect(receiver.received).toHaveLength(0);
    expect((await store.deliveries.attempts('acme', delivery.id))[0]?.error).toMatch(/refused: 127\.0\.0\.1 \(loopback\)/);
  });
});
