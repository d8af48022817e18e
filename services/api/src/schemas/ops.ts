import { z } from 'zod';
import { QUEUES } from '@minerisk/shared/queues';

const count = z.number().int().min(0);

export const queuesView = z
  .object({
    queues: z.array(
      z.object({
        name: z.enum(Object.values(QUEUES)),
        waiting: count,
        active: count,
        delayed: count,
        failed: count,
        completed: count,
      }),
    ),
  })
  .meta({ id: 'Queues' });

/** Per polled feed: last success, last error, items, stale (the ingest service's status). */
export const feedsView = z.object({ feeds: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'Feeds' });

export const healthView = z.object({ status: z.literal('ok') });
export const readyView = z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.literal('ok')) });
