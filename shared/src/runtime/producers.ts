import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EnqueueEvents } from '../ingest/accept';
import { DEFAULT_JOB_OPTIONS, QUEUES, type QueueName, type RecomputeJob, type WebhookJob } from '../contracts/queues';

/** The queues a service writes to; one producer connection shared by all of them. */
export interface Producers {
  enqueueEvents: EnqueueEvents;
  /** One recompute per subject: jobs for a subject already waiting are coalesced (deduplication by subject). */
  enqueueRecompute(jobs: RecomputeJob[]): Promise<void>;
  /** jobId = webhookJobId(delivery id, attempt): adding it again while it is queued is a no-op. */
  enqueueWebhooks(jobs: (WebhookJob & { delayMs?: number })[]): Promise<void>;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

export function recomputeDedupId(j: Pick<RecomputeJob, 'tenantId' | 'type' | 'id' | 'metric'>): string {
  return j.metric === 'supply' ? `${j.tenantId}:${j.type}:${j.id}:supply` : `${j.tenantId}:${j.type}:${j.id}`;
}

/**
 * One job per attempt of a delivery: the delivery id (the `webhook-id`) plus the number of attempts made
 * before it. A retry is a new job id, so a completed job still kept in Redis never swallows it.
 */
export function webhookJobId(deliveryId: string, attempt: number): string {
  return `${deliveryId}-${attempt}`;
}

/** Told when a queue's connection fails (Redis down): the adds that fail throw to their callers anyway. */
export type QueueErrorListener = (err: Error, queue: QueueName) => void;

export function createProducers(connection: Redis, prefix: string, onError?: QueueErrorListener): Producers {
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName): Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // Without a listener, every reconnect attempt while Redis is down is printed by Node as unhandled.
      q.on('error', (err) => onError?.(err, name));
      queues.set(name, q);
    }
    return q;
  };
  return {
    queue,
    async enqueueEvents(eventIds) {
      for (let i = 0; i < eventIds.length; i += 1000) {
        const chunk = eventIds.slice(i, i + 1000);
        await queue(QUEUES.events).addBulk(
          chunk.map((eventId) => ({ name: 'event', data: { eventId }, opts: { jobId: eventId } })),
        );
      }
    },
    async enqueueRecompute(jobs) {
      for (let i = 0; i < jobs.length; i += 1000) {
        const chunk = jobs.slice(i, i + 1000);
        // Deduplicated while waiting; a recompute already running re-checks the subject's change
        // sequence when it ends, so a change that arrives meanwhile is never lost.
        await queue(QUEUES.recompute).addBulk(
          chunk.map((data) => ({ name: 'recompute', data, opts: { deduplication: { id: recomputeDedupId(data) } } })),
        );
      }
    },
    async enqueueWebhooks(jobs) {
      await queue(QUEUES.webhooks).addBulk(
        jobs.map(({ delayMs, ...data }) => ({
          name: 'deliver',
          data,
          // The notifier schedules its own retries (the Standard Webhooks schedule), so one BullMQ attempt.
          opts: { jobId: webhookJobId(data.deliveryId, data.attempt), delay: delayMs ?? 0, attempts: 1 },
        })),
      );
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
