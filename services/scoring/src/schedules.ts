import type { Queue } from 'bullmq';
import { SCHEDULE_JOBS, type ScheduleJob } from '@minerisk/shared/contracts/queues';
import type { Config } from '@minerisk/shared/runtime/config';

/**
 * The periodic jobs, as BullMQ job schedulers on their own queue (upsert is idempotent: every worker
 * may call it at start). Re-scoring makes decay and expiries show without new events. (The sweep that
 * re-queues what Redis lost runs on a timer in each worker instead: it must not depend on Redis.)
 */
export async function upsertSchedules(queue: Queue, config: Config): Promise<void> {
  const add = (id: string, every: number, data: ScheduleJob) =>
    queue.upsertJobScheduler(id, { every }, { name: data.kind, data, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  await add(SCHEDULE_JOBS.rescoreAll, config.RESCORE_EVERY_MINUTES * 60_000, { kind: SCHEDULE_JOBS.rescoreAll });
}
