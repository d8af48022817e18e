import type { SubjectRef } from '@minerisk/shared/domain';
import type { Queue } from 'bullmq';
import type { Logger } from '@minerisk/shared/runtime/logger';
import { recomputeDedupId, type Producers } from '@minerisk/shared/runtime/producers';
import type { Store } from '@minerisk/shared/store/port';

export interface SweepDeps {
  store: Store;
  producers: Producers;
  eventsQueue: Queue;
  recomputeQueue: Queue;
  logger: Logger;
  now: () => Date;
  /**
   * Whether this worker holds the subject's recompute in memory (marked for a round, or in the round under
   * way): stale in the store, but not lost. Default: none.
   */
  holds?: (ref: SubjectRef, metric?: 'supply') => boolean;
}

/** Events younger than this may still be on their way from the store to the queue. */
const GRACE_MS = 5_000;
const BATCH = 1_000;

/**
 * The store is the source of truth: every stored event that is not processed must have a live job. Redis
 * may have lost it (restart without AOF, FLUSHALL, eviction) or the job may have failed for good; either
 * way it goes back on the queue. Subjects whose change sequence is ahead of their score are re-queued too.
 */
export async function sweepEvents(
  deps: SweepDeps,
): Promise<{ requeuedEvents: number; retriedEvents: number; staleSubjects: number; staleSupply: number }> {
  const knownBefore = new Date(deps.now().getTime() - GRACE_MS).toISOString();
  const unprocessed = await deps.store.events.listUnprocessed(knownBefore, BATCH);
  const missing: string[] = [];
  let retried = 0;
  for (const e of unprocessed) {
    const job = await deps.eventsQueue.getJob(e.id);
    if (!job) missing.push(e.id);
    else if (await job.isFailed()) {
      await job.retry('failed');
      retried++;
    }
  }
  // Listed unprocessed, then found without a job: the job may have completed (and been removed) in between,
  // which a long round makes likely. A job completes only after its event is marked processed, so what the
  // store still calls unprocessed now, with no job seen before this read, is lost.
  const lostEvents =
    missing.length === 0 ? [] : (await deps.store.events.getMany(missing)).filter((e) => e.processedAt === null).map((e) => e.id);
  if (lostEvents.length > 0) await deps.producers.enqueueEvents(lostEvents);
  // A stale subject whose recompute job is still waiting or running, or that this worker holds for a round, is
  // not lost work: during a large import or a burst thousands are, for a while. Only those without either
  // go back on the queue.
  const holds = deps.holds ?? (() => false);
  const lost = async (refs: SubjectRef[], metric?: 'supply') => {
    const waiting = refs.filter((r) => !holds(r, metric));
    const live = await Promise.all(
      waiting.map((r) => deps.recomputeQueue.getDeduplicationJobId(recomputeDedupId({ ...r, ...(metric ? { metric } : {}) }))),
    );
    return waiting.filter((_, i) => !live[i]);
  };
  const stale = await lost(await deps.store.scores.listStale(BATCH));
  if (stale.length > 0) await deps.producers.enqueueRecompute(stale.map((s) => ({ ...s, reason: 'sweep' as const })));
  // Supply scores behind their supply sequence (a worker died between a route-score write and the supply's).
  const staleSupply = await lost(await deps.store.supply.listStale(BATCH), 'supply');
  if (staleSupply.length > 0)
    await deps.producers.enqueueRecompute(
      staleSupply.map((s) => ({ ...s, reason: 'sweep' as const, metric: 'supply' as const })),
    );
  const result = {
    requeuedEvents: lostEvents.length,
    retriedEvents: retried,
    staleSubjects: stale.length,
    staleSupply: staleSupply.length,
  };
  if (lostEvents.length + retried + stale.length + staleSupply.length > 0) deps.logger.info(result, 'sweep re-queued lost work');
  return result;
}
