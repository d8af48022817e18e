/**
 * Webhooks: sustained deliveries/s from the notifier to a local receiver (signed, logged, through
 * BullMQ and the store), beside raw signed POSTs to the same receiver at the same concurrency (the ceiling);
 * and p99 from a score change (evaluateCrossings with a crossing, at 100 changes/s) to receipt.
 * Target: p99 ≤ 250 ms. Bounded to ~15 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@minerisk/shared/runtime/config';
import { openContext, type RunningService } from '@minerisk/shared/runtime/context';
import { evaluateCrossings } from '../services/scoring/src/crossings';
import { newDelivery } from '@minerisk/shared/webhooks/deliveries';
import { signDelivery } from '@minerisk/shared/webhooks/signing';
import { createWebhookDispatcher } from '@minerisk/shared/webhooks/ssrfGuard';
import { createSubscription } from '../services/api/src/subscriptions/subscriptionRules';
import { aScore } from '@minerisk/shared/testing/webhooks/builders';
import { startReceiver } from '@minerisk/shared/testing/webhooks/receiver';
import { startNotifier } from '../services/notifier/src/service';
import { sendWebhook } from '../services/notifier/src/send';
import { startTestRedis } from '../tests/helpers/redisServer';
import { percentile } from './stats';
import type { BenchResult, Benchmark } from './types';

const CONCURRENCY = 32;
/** Each stored delivery costs a SQLite commit (synchronous=FULL) to create: keep the backlog small. */
const THROUGHPUT_DELIVERIES = 600;
const CHANGES_PER_SECOND = 100;
const LATENCY_SECONDS = 5;

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

export const run: Benchmark = async () => {
  const redis = await startTestRedis();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-bench-webhooks-'));
  const config = loadConfig({
    REDIS_URL: redis.url,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: 'benchwh',
    LOG_LEVEL: 'silent',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    NOTIFIER_CONCURRENCY: String(CONCURRENCY),
  });
  const opened = await openContext('bench-webhooks', config);
  const receiver = await startReceiver();
  const { ctx } = opened;
  let notifier: RunningService | undefined;
  try {
    const { subscription, secret } = await createSubscription(
      ctx.store,
      'bench',
      { url: `${receiver.url}/hook`, threshold: 70, direction: 'up' },
      new Date(),
    );
    const body = JSON.stringify({ type: 'ping', timestamp: new Date().toISOString(), data: { subscriptionId: subscription.id } });

    // Baseline: signed POSTs straight to the receiver, CONCURRENCY at a time, for 2 s.
    const dispatcher = createWebhookDispatcher({ allowPrivate: true });
    const secrets = [{ secret, createdAt: new Date().toISOString(), expiresAt: null }];
    let raw = 0;
    const rawUntil = Date.now() + 2_000;
    const rawStart = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < rawUntil) {
          await sendWebhook(
            dispatcher,
            `${receiver.url}/raw`,
            body,
            signDelivery(`msg_raw${raw}`, body, secrets, new Date()),
            15_000,
          );
          raw++;
        }
      }),
    );
    const rawPerSecond = raw / ((Date.now() - rawStart) / 1000);
    await dispatcher.close();
    receiver.received.length = 0;

    // Throughput: a backlog of stored, queued pings, then the notifier drains it. Creating the backlog also
    // measures the store's commit rate: each delivery costs two commits (attempt log, delivery), each crossing one.
    const backlog = Array.from({ length: THROUGHPUT_DELIVERIES }, () =>
      newDelivery(subscription, 'ping', JSON.parse(body), new Date()),
    );
    const createStart = Date.now();
    for (const d of backlog) await ctx.store.deliveries.create(d);
    const storeCommitsPerSecond = Math.round(backlog.length / ((Date.now() - createStart) / 1000));
    for (let i = 0; i < backlog.length; i += 1000)
      await ctx.producers.enqueueWebhooks(backlog.slice(i, i + 1000).map((d) => ({ deliveryId: d.id, attempt: 0 })));
    notifier = await startNotifier(ctx);
    const started = Date.now();
    const got = await receiver.waitFor(THROUGHPUT_DELIVERIES, 60_000);
    const perSecond = THROUGHPUT_DELIVERIES / (((got.at(-1)?.receivedAt ?? Date.now()) - started) / 1000);
    receiver.received.length = 0;

    // Latency: one crossing per change, CHANGES_PER_SECOND for LATENCY_SECONDS, each timed to its receipt.
    const changes = CHANGES_PER_SECOND * LATENCY_SECONDS;
    const changedAt = new Map<string, number>();
    const evaluations: Promise<unknown>[] = [];
    const t0 = Date.now() + 50;
    for (let i = 0; i < changes; i++) {
      await sleepUntil(t0 + (i * 1000) / CHANGES_PER_SECOND);
      const subjectId = `site_${i}`;
      changedAt.set(subjectId, Date.now());
      evaluations.push(
        evaluateCrossings(
          { store: ctx.store, producers: ctx.producers, now: new Date() },
          { score: aScore({ tenantId: 'bench', subjectId, score: 80 }), previousScore: 60, subjectName: subjectId },
        ),
      );
    }
    await Promise.all(evaluations);
    const received = await receiver.waitFor(changes, 30_000);
    const latencies = received
      .map(
        (w) =>
          w.receivedAt - (changedAt.get((JSON.parse(w.body) as { data: { subject: { id: string } } }).data.subject.id) ?? NaN),
      )
      .sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    const results: BenchResult[] = [
      {
        name: 'webhooks.throughput',
        what: `sustained deliveries/s, ${THROUGHPUT_DELIVERIES} queued pings drained by the notifier (concurrency ${CONCURRENCY}, SQLite, one Redis) to a local receiver; baseline: raw signed POSTs at the same concurrency`,
        value: perSecond,
        unit: 'deliveries/s',
        baseline: { what: 'raw signed POSTs, no queue or store', value: rawPerSecond, unit: 'requests/s' },
        ratio: perSecond / rawPerSecond,
        extra: { deliveries: THROUGHPUT_DELIVERIES, concurrency: CONCURRENCY, storeCommitsPerSecond },
      },
      {
        name: 'webhooks.change-to-receipt',
        what: `p99 from a score change (evaluateCrossings, one crossing each) to receipt, ${CHANGES_PER_SECOND} changes/s for ${LATENCY_SECONDS} s`,
        value: p99,
        unit: 'ms',
        target: { text: 'p99 ≤ 250 ms', met: p99 <= 250 },
        extra: {
          changes,
          p50: percentile(latencies, 50),
          p90: percentile(latencies, 90),
          max: latencies.at(-1) ?? NaN,
          storeCommitsPerSecond,
        },
      },
    ];
    return results;
  } finally {
    await notifier?.stop();
    await receiver.close();
    await opened.close();
    await redis.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(redis.dir, { recursive: true, force: true });
  }
};
