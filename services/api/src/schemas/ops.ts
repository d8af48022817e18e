import { z } from 'zod';
import { QUEUES } from '@minerisk/shared/contracts/queues';
import { STALE_COUNT_LIMIT } from '../ops/staleSubjects';

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
    staleSubjects: count.meta({
      description: `Sites and routes changed by events whose recompute has not run yet (a round runs when the events queue pauses, at the latest 2 s after the first change, or as long as the round would take, up to 60 s), and sites whose supply score waits for a recompute; counted up to ${STALE_COUNT_LIMIT}. Drained = the queues idle and this 0.`,
    }),
  })
  .meta({ id: 'Queues' });

/** Per polled feed: last success, last error, items, stale (the ingest service's status). */
export const feedsView = z.object({ feeds: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'Feeds' });

export const healthView = z.object({ status: z.literal('ok') });
export const readyView = z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.literal('ok')) });
