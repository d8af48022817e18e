/**
 * Webhook faults: the notifier runs as its own process (as in production) against a real Redis with AOF and
 * the SQLite file this test shares with it. Whatever breaks, every crossing stored is delivered, and a
 * receiver sees a message twice only under its one `webhook-id`.
 */
import { Redis } from 'ioredis';
import type { Delivery } from '@minerisk/shared/domain';
import { evaluateCrossings } from '../../services/scoring/src/crossings';
import { createSubscription } from '../../services/api/src/subscriptions/subscriptionRules';
import { aScore } from '@minerisk/shared/testing/webhooks/builders';
import { startReceiver, type TestReceiver } from '@minerisk/shared/testing/webhooks/receiver';
import { startPipelineEnv, type PipelineEnv } from '../helpers/pipeline';
import { startServiceProcess, waitFor, type ServiceProcess } from '../helpers/processes';

const NOTIFIER = 'services/notifier/src/main.ts';
/** Deliveries answered after this long once nothing is held: several stay in flight at once. */
const RECEIVER_DELAY_MS = 150;
const BURST = 24;
/** Per test: recovery after a SIGKILL waits out the killed worker's job locks (10 s) and a stalled check (5 s). */
const TEST_TIMEOUT_MS = 120_000;

describe('webhook delivery under faults', () => {
  let env: PipelineEnv;
  let receiver: TestReceiver;
  let notifier: ServiceProcess;
  let batch = 0;
  /** While true, the receiver holds every request unanswered: those deliveries are in flight, by construction. */
  let holding = false;

  const startNotifierProcess = () =>
    startServiceProcess(NOTIFIER, { ...env.env, SWEEP_EVERY_SECONDS: '1', NOTIFIER_CONCURRENCY: '4', LOG_LEVEL: 'warn' });

  jest.setTimeout(TEST_TIMEOUT_MS);

  beforeAll(async () => {
    env = await startPipelineEnv({ appendonly: true });
    receiver = await startReceiver();
    receiver.reply = () => ({ status: 200, delayMs: holding ? 0 : RECEIVER_DELAY_MS, hold: holding });
    const { secret } = await createSubscription(
      env.opened.ctx.store,
      'acme',
      { url: `${receiver.url}/hook`, threshold: 70, direction: 'up' },
      new Date(),
    );
    receiver.secrets = [secret];
    notifier = startNotifierProcess();
  });
  afterAll(async () => {
    await notifier?.stop('SIGKILL');
    await receiver?.close();
    await env?.close();
  });

  /** `n` subjects cross the threshold; a crossing that cannot be queued (Redis down) is still stored. */
  async function crossings(n: number, everyMs = 0): Promise<void> {
    const b = ++batch;
    for (let i = 0; i < n; i++) {
      const { store, producers } = env.opened.ctx;
      // While Redis is down the enqueue fails after the store write: the sweep's job to recover.
      await evaluateCrossings(
        { store, producers, now: new Date() },
        { score: aScore({ subjectId: `site_${b}_${i}`, score: 85 }), previousScore: 40, subjectName: `site ${b}/${i}` },
      ).catch(() => undefined);
      if (everyMs) await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  async function allDeliveries(): Promise<Delivery[]> {
    const subs = await env.opened.ctx.store.subscriptions.list('acme', { limit: 10 });
    const out: Delivery[] = [];
    for (const s of subs.items) {
      let cursor: string | null = null;
      do {
        const page: { items: Delivery[]; nextCursor: string | null } = await env.opened.ctx.store.deliveries.listForSubscription(
          'acme',
          s.id,
          { limit: 500, cursor },
        );
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    }
    return out;
  }

  /**
   * Holds requests until `n` are in flight, then returns their ids: deliveries that cannot be delivered yet,
   * since the receiver has not answered them (no reliance on a delivery still being pending by chance).
   */
  async function inFlight(n: number): Promise<string[]> {
    holding = true;
    await receiver.waitForHeld(n, 20_000);
    return receiver.held();
  }

  /** Ids of the stored deliveries that are not delivered. */
  async function undelivered(): Promise<Set<string>> {
    return new Set((await allDeliveries()).filter((d) => d.status !== 'delivered').map((d) => d.id));
  }

  /** Every stored delivery reached the receiver and is recorded as delivered; the receiver saw no other id. */
  async function expectAllDelivered(timeoutMs: number): Promise<void> {
    await waitFor(
      'every stored delivery to be delivered',
      async () => {
        const all = await allDeliveries();
        return (
          all.length > 0 &&
          all.every((d) => d.status === 'delivered') &&
          new Set(receiver.received.map((r) => r.id)).size >= all.length
        );
      },
      timeoutMs,
      200,
    ).catch(async (err: Error) => {
      const all = await allDeliveries();
      throw new Error(
        `${err.message}; statuses ${JSON.stringify(all.map((d) => d.status))}; notifier output:\n${notifier.output()}`,
      );
    });
    const ids = new Set((await allDeliveries()).map((d) => d.id));
    expect(receiver.received.filter((r) => !ids.has(r.id))).toEqual([]);
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(ids);
    expect(receiver.received.filter((r) => r.verifyError !== null)).toEqual([]);
  }

  it(
    'notifier SIGKILLed with deliveries in flight → all delivered after restart, duplicates only under the same id',
    async () => {
      const stream = crossings(BURST);
      const held = await inFlight(3);
      await notifier.stop('SIGKILL');
      await stream;
      expect([...(await undelivered())]).toEqual(expect.arrayContaining(held));
      holding = false;
      // The killed notifier never got an answer: its held requests are dropped unrecorded.
      receiver.releaseHeld();
      notifier = startNotifierProcess();
      await expectAllDelivered(60_000);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Redis restarted (AOF) mid-stream → none lost',
    async () => {
      const stream = crossings(BURST, 20);
      const held = await inFlight(3);
      expect([...(await undelivered())]).toEqual(expect.arrayContaining(held));
      await env.redis.stop('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      await env.redis.start();
      holding = false;
      receiver.releaseHeld();
      await stream;
      await expectAllDelivered(60_000);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Redis flushed (FLUSHALL) → the sweep re-queues every pending delivery, none lost',
    async () => {
      const stream = crossings(BURST);
      const held = await inFlight(2);
      await stream;
      const admin = new Redis(env.redis.url);
      try {
        await admin.flushall();
      } finally {
        admin.disconnect();
      }
      expect([...(await undelivered())]).toEqual(expect.arrayContaining(held));
      holding = false;
      receiver.releaseHeld();
      await expectAllDelivered(60_000);
    },
    TEST_TIMEOUT_MS,
  );
});
