/**
 * Webhooks end to end, in process: crossings → store → BullMQ (a real Redis) → the notifier → a real
 * receiver on 127.0.0.1 that verifies every signature with the subscription's secret.
 */
import type { RunningService } from '@minerisk/shared/runtime/context';
import { evaluateCrossings } from '../../../services/scoring/src/crossings';
import { newDelivery } from '@minerisk/shared/webhooks/deliveries';
import {
  createSubscription,
  queueTestPing,
  redeliver,
  rotateSecret,
} from '../../../services/api/src/subscriptions/subscriptionRules';
import { aScore } from '@minerisk/shared/testing/webhooks/builders';
import { startReceiver, type TestReceiver } from '@minerisk/shared/testing/webhooks/receiver';
import { startNotifier } from '../../../services/notifier/src/service';
import type { RetrySchedule } from '../../../services/notifier/src/retrySchedule';
import { startPipelineEnv, type PipelineEnv } from '../../helpers/pipeline';
import { waitFor } from '../../helpers/processes';

/** The Standard Webhooks schedule's shape at test speed. */
const FAST: RetrySchedule = { delaysMs: [100, 200, 400], jitter: 0, maxRetryAfterMs: 1_000, disableAfterMs: 5 * 24 * 3_600_000 };

describe('webhooks end to end (real Redis, SQLite, receiver)', () => {
  let env: PipelineEnv;
  let receiver: TestReceiver;
  let notifier: RunningService;
  let subject = 0;

  beforeAll(async () => {
    env = await startPipelineEnv({ extraEnv: { SWEEP_EVERY_SECONDS: '1' } });
    receiver = await startReceiver();
    notifier = await startNotifier(env.opened.ctx, { schedule: FAST });
  });
  afterAll(async () => {
    await notifier?.stop();
    await receiver?.close();
    await env?.close();
  });
  beforeEach(() => {
    receiver.reply = () => ({ status: 200 });
  });

  const ctx = () => env.opened.ctx;
  async function aSubscriptionFor(path: string, threshold = 70) {
    const created = await createSubscription(
      ctx().store,
      'acme',
      { url: `${receiver.url}${path}`, threshold, direction: 'up', filter: { subjectIds: [`site_${++subject}`] } },
      new Date(),
    );
    receiver.secrets.push(created.secret);
    return { ...created, subjectId: `site_${subject}` };
  }
  const scoreChange = (subjectId: string, score: number, previousScore: number | null) =>
    evaluateCrossings(
      { store: ctx().store, producers: ctx().producers, now: new Date() },
      { score: aScore({ subjectId, score }), previousScore, subjectName: 'Sadiola' },
    );
  const ofSubscription = (id: string) => (w: { body: string }) => JSON.parse(w.body).data.subscriptionId === id;

  it('one crossing → one delivery whose signature verifies; flapping within the hysteresis → nothing more', async () => {
    const { subscription, secret, subjectId } = await aSubscriptionFor('/crossing');
    receiver.secrets = [secret];
    const [delivery] = await scoreChange(subjectId, 74, 60);
    const [got] = await receiver.waitFor(1, 10_000, ofSubscription(subscription.id));
    expect(got).toMatchObject({ id: delivery!.id, verifyError: null });
    expect(got!.verified).toMatchObject({
      type: 'risk.threshold.crossed',
      data: { score: 74, previousScore: 60, threshold: 70, direction: 'up', sequence: 1, subject: { id: subjectId } },
    });

    for (const [score, prev] of [
      [69, 74],
      [71, 69],
      [66, 71],
      [72, 66],
    ])
      expect(await scoreChange(subjectId, score!, prev!)).toEqual([]);
    const [resolution] = await scoreChange(subjectId, 50, 72);
    const all = await receiver.waitFor(2, 10_000, ofSubscription(subscription.id));
    expect(all.map((w) => [w.id, (w.verified as { type: string }).type])).toEqual([
      [delivery!.id, 'risk.threshold.crossed'],
      [resolution!.id, 'risk.threshold.resolved'],
    ]);
    expect((await ctx().store.deliveries.listForSubscription('acme', subscription.id, { limit: 10 })).items).toHaveLength(2);
  });

  it('receiver answers 500 then 200 → delivered on retry with the same webhook-id', async () => {
    receiver.reply = ({ n }) => ({ status: n === 0 ? 500 : 200 });
    const { subscription, subjectId } = await aSubscriptionFor('/flaky');
    const [delivery] = await scoreChange(subjectId, 90, 10);
    const got = await receiver.waitFor(2, 10_000, ofSubscription(subscription.id));
    expect(got.map((w) => [w.id, w.status, w.verifyError])).toEqual([
      [delivery!.id, 500, null],
      [delivery!.id, 200, null],
    ]);
    await waitFor(
      'the delivery to be recorded as delivered',
      async () => (await ctx().store.deliveries.getById(delivery!.id))?.status === 'delivered',
      5_000,
      50,
    );
    expect((await ctx().store.deliveries.attempts('acme', delivery!.id)).map((a) => a.statusCode)).toEqual([500, 200]);
  });

  it('410 → the subscription is disabled', async () => {
    receiver.reply = () => ({ status: 410 });
    const { subscription, subjectId } = await aSubscriptionFor('/gone');
    const [delivery] = await scoreChange(subjectId, 90, 10);
    await waitFor(
      'the subscription to be disabled',
      async () => (await ctx().store.subscriptions.get('acme', subscription.id))?.status === 'disabled',
      10_000,
      50,
    );
    expect(await ctx().store.deliveries.getById(delivery!.id)).toMatchObject({ status: 'failed', lastStatusCode: 410 });
    expect(await ctx().store.subscriptions.listActive('acme')).not.toContainEqual(
      expect.objectContaining({ id: subscription.id }),
    );
  });

  it('a test ping and a redelivery: the redelivered message keeps its webhook-id and is signed afresh', async () => {
    const { subscription } = await aSubscriptionFor('/ping');
    const ping = (await queueTestPing({ store: ctx().store, producers: ctx().producers }, 'acme', subscription.id, new Date()))!;
    const [first] = await receiver.waitFor(1, 10_000, (w) => w.id === ping.id);
    expect(first?.verified).toMatchObject({ type: 'ping', data: { subscriptionId: subscription.id } });
    await waitFor(
      'the ping to be recorded as delivered',
      async () => (await ctx().store.deliveries.getById(ping.id))?.status === 'delivered',
      5_000,
      50,
    );

    expect(await redeliver({ store: ctx().store, producers: ctx().producers }, 'acme', ping.id, new Date())).toMatchObject({
      id: ping.id,
      status: 'pending',
      chainAttempts: 0,
    });
    const both = await receiver.waitFor(2, 10_000, (w) => w.id === ping.id);
    expect(both.map((w) => w.verifyError)).toEqual([null, null]);
    expect(both[1]!.body).toBe(both[0]!.body);
    await waitFor(
      'the redelivery to be recorded',
      async () => (await ctx().store.deliveries.getById(ping.id))?.attempts === 2,
      5_000,
      50,
    );
    expect(await redeliver({ store: ctx().store, producers: ctx().producers }, 'globex', ping.id, new Date())).toBeNull();
  });

  it('after a secret rotation, deliveries verify with the new secret and with the old one', async () => {
    const { subscription, secret } = await aSubscriptionFor('/rotated');
    const rotated = (await rotateSecret(ctx().store, 'acme', subscription.id, new Date()))!;
    const ping = (await queueTestPing({ store: ctx().store, producers: ctx().producers }, 'acme', subscription.id, new Date()))!;
    receiver.secrets = [rotated.secret];
    const [got] = await receiver.waitFor(1, 10_000, (w) => w.id === ping.id);
    expect(got?.verifyError).toBeNull();
    const { Webhook } = await import('standardwebhooks');
    expect(() =>
      new Webhook(secret).verify(got!.body, {
        'webhook-id': got!.id,
        'webhook-timestamp': got!.timestamp,
        'webhook-signature': got!.signature,
      }),
    ).not.toThrow();
  });

  it('the sweep queues a pending delivery that is in the store but not in Redis, with its own webhook-id', async () => {
    const { subscription } = await aSubscriptionFor('/swept');
    const lost = newDelivery(
      subscription,
      'ping',
      { type: 'ping', timestamp: new Date().toISOString(), data: { subscriptionId: subscription.id } },
      new Date(Date.now() - 10_000),
    );
    await ctx().store.deliveries.create(lost);
    const [got] = await receiver.waitFor(1, 15_000, (w) => w.id === lost.id);
    expect(got?.verifyError).toBeNull();
  });

  it('counts deliveries and their durations in Prometheus metrics', async () => {
    const text = await ctx().registry.metrics();
    expect(text).toMatch(/webhook_deliveries_total\{result="delivered"\} [1-9]/);
    expect(text).toMatch(/webhook_deliveries_total\{result="retrying"\} [1-9]/);
    expect(text).toMatch(/webhook_delivery_duration_seconds_count [1-9]/);
  });
});
