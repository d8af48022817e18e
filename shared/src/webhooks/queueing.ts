import type { Delivery } from '../domain';
import { QUEUES } from '../contracts/queues';
import { webhookJobId, type Producers } from '../runtime/producers';

export type QueueOutcome = 'queued' | 'already-queued' | 'promoted';

/**
 * Makes sure the next attempt of a pending delivery has a live job (same `webhook-id`, same job id for
 * the same attempt, so two sweeps racing add it once). A finished job left under that id (its run failed,
 * or the subscription was disabled meanwhile) is removed first, or the add would be a silent no-op.
 * `promote` moves a delayed attempt to now (redeliver).
 */
export async function ensureDeliveryQueued(
  producers: Producers,
  delivery: Delivery,
  opts: { promote?: boolean } = {},
): Promise<QueueOutcome> {
  const queue = producers.queue(QUEUES.webhooks);
  const jobId = webhookJobId(delivery.id, delivery.attempts);
  const state = await queue.getJobState(jobId);
  if (state === 'delayed' && opts.promote) {
    await (await queue.getJob(jobId))?.promote();
    return 'promoted';
  }
  if (state !== 'unknown' && state !== 'completed' && state !== 'failed') return 'already-queued';
  if (state !== 'unknown') await queue.remove(jobId);
  await producers.enqueueWebhooks([{ deliveryId: delivery.id, attempt: delivery.attempts }]);
  return 'queued';
}
