import { QUEUES, type QueueName } from '@minerisk/shared/contracts/queues';
import type { Producers } from '@minerisk/shared/runtime/producers';

export interface QueueCounts {
  name: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** docs/api.md `GET /v1/ops/queues`: per queue; BullMQ keeps prioritized jobs apart, and they are waiting too. */
export async function queueCounts(producers: Pick<Producers, 'queue'>): Promise<QueueCounts[]> {
  return Promise.all(
    Object.values(QUEUES).map(async (name) => {
      const c = await producers
        .queue(name)
        .getJobCounts('waiting', 'prioritized', 'waiting-children', 'active', 'delayed', 'failed', 'completed');
      return {
        name,
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
      };
    }),
  );
}
