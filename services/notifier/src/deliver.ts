import type { Delivery } from '@minerisk/shared/domain';
import type { Logger } from '@minerisk/shared/runtime/logger';
import type { WebhookJob } from '@minerisk/shared/contracts/queues';
import type { Producers } from '@minerisk/shared/runtime/producers';
import type { Store } from '@minerisk/shared/store/port';
import { signDelivery, signingSecrets } from '@minerisk/shared/webhooks/signing';
import type { Dispatcher } from 'undici';
import type { NotifierMetrics } from './metrics';
import { nextRetryDelay, type RetrySchedule } from './retrySchedule';
import { sendWebhook, type AttemptResult } from './send';
import { recordSubscriptionHealth } from './subscriptionHealth';
import { verdictOf } from './verdict';

export interface DeliverDeps {
  store: Store;
  producers: Producers;
  /** The SSRF-guarded dispatcher (createWebhookDispatcher). */
  dispatcher: Dispatcher;
  schedule: RetrySchedule;
  metrics: NotifierMetrics;
  logger: Logger;
  now: () => Date;
  /** For the retry jitter. Default Math.random. */
  random?: () => number;
  /** Per-attempt timeout. Default 15 s. */
  timeoutMs?: number;
}

export type DeliverResult = 'delivered' | 'retrying' | 'failed' | 'disabled' | 'skipped';

function attemptError(result: AttemptResult): string {
  return result.error ?? `HTTP ${result.statusCode ?? '?'}`;
}

async function finish(
  deps: DeliverDeps,
  delivery: Delivery,
  patch: Partial<Delivery>,
  result: Exclude<DeliverResult, 'skipped' | 'retrying'>,
): Promise<DeliverResult> {
  await deps.store.deliveries.update({ ...delivery, ...patch, nextAttemptAt: null, updatedAt: deps.now().toISOString() });
  deps.metrics.deliveries.inc({ result });
  return result;
}

/**
 * One attempt of one delivery (one job): sign afresh, POST, log the attempt, then settle: delivered,
 * retried later on the schedule (the store first, then the next job, so a lost job is only late), dead
 * (schedule exhausted), or stopped because the subscription is gone or disabled. A job whose attempt was
 * already made (a duplicate from a sweep) or whose delivery is no longer pending does nothing.
 */
export async function deliver(deps: DeliverDeps, job: WebhookJob): Promise<DeliverResult> {
  const { store } = deps;
  const delivery = await store.deliveries.getById(job.deliveryId);
  if (!delivery || delivery.status !== 'pending' || delivery.attempts !== job.attempt) return 'skipped';
  const sub = await store.subscriptions.get(delivery.tenantId, delivery.subscriptionId);
  if (!sub || sub.status !== 'active') {
    return finish(
      deps,
      delivery,
      { status: 'failed', lastError: sub ? `subscription disabled: ${sub.disabledReason ?? ''}` : 'subscription deleted' },
      'failed',
    );
  }

  const startedAt = deps.now();
  const headers = signDelivery(delivery.id, delivery.payload, signingSecrets(sub.secrets, startedAt), startedAt);
  const result = await sendWebhook(deps.dispatcher, sub.url, delivery.payload, headers, deps.timeoutMs);
  deps.metrics.duration.observe(result.latencyMs / 1000);
  const attempt = delivery.attempts + 1;
  await store.deliveries.recordAttempt({
    deliveryId: delivery.id,
    tenantId: delivery.tenantId,
    attempt,
    at: startedAt.toISOString(),
    statusCode: result.statusCode,
    latencyMs: result.latencyMs,
    error: result.error,
  });

  const now = deps.now();
  const verdict = verdictOf(result.statusCode);
  const health = await recordSubscriptionHealth(store, sub, verdict, now, deps.schedule.disableAfterMs);
  const tried = { ...delivery, attempts: attempt, chainAttempts: delivery.chainAttempts + 1, lastStatusCode: result.statusCode };
  if (verdict === 'success')
    return finish(deps, tried, { status: 'delivered', lastError: null, deliveredAt: now.toISOString() }, 'delivered');
  if (health.status === 'disabled') {
    deps.logger.warn({ subscriptionId: sub.id, reason: health.disabledReason }, 'webhook subscription disabled');
    return finish(
      deps,
      tried,
      { status: 'failed', lastError: `${attemptError(result)}; subscription disabled: ${health.disabledReason ?? ''}` },
      'disabled',
    );
  }
  if (result.refused) {
    // The connect-time guard (or the scheme) refused it: retrying for days cannot change that (issue 21).
    deps.logger.warn({ deliveryId: delivery.id, error: result.error }, 'webhook delivery refused: failed without retry');
    return finish(deps, tried, { status: 'failed', lastError: attemptError(result) }, 'failed');
  }
  const delayMs = nextRetryDelay(deps.schedule, tried.chainAttempts, result.retryAfterMs, deps.random);
  if (delayMs === null) {
    deps.logger.warn({ deliveryId: delivery.id, attempts: attempt }, 'webhook delivery dead-lettered: retry schedule exhausted');
    return finish(deps, tried, { status: 'failed', lastError: attemptError(result) }, 'failed');
  }
  const nextAttemptAt = new Date(now.getTime() + delayMs).toISOString();
  await store.deliveries.update({ ...tried, lastError: attemptError(result), nextAttemptAt, updatedAt: now.toISOString() });
  await deps.producers.enqueueWebhooks([{ deliveryId: delivery.id, attempt, delayMs }]);
  deps.metrics.deliveries.inc({ result: 'retrying' });
  return 'retrying';
}
