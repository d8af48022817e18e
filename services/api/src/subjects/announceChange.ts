import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SubjectRef } from '@minerisk/shared/domain/subject';
import type { ApiDeps } from '../deps';

/**
 * A site or route was created, changed or deleted: bump its change sequence (so a recompute of the old
 * shape cannot overwrite, and the sweep finds it if Redis drops the job), tell every scoring worker, and
 * queue its scoring. The subject is already stored: if Redis is down, the sweep catches up, so a failure
 * here is logged rather than turned into an error for a change that did happen.
 */
export async function announceSubjectChange(deps: ApiDeps, refs: SubjectRef[], op: 'upsert' | 'delete'): Promise<void> {
  // In turns: an import of 10,000 sites in one piece held the API thread for 300 ms (one bump transaction).
  // Every subject is bumped before any is announced, so that a Redis failure leaves them all to the sweep.
  const chunks: SubjectRef[][] = [];
  for (let i = 0; i < refs.length; i += ANNOUNCED_PER_TURN) chunks.push(refs.slice(i, i + ANNOUNCED_PER_TURN));
  try {
    if (op === 'upsert') {
      for (const chunk of chunks) {
        await deps.store.scores.bumpSeq(chunk);
        await yieldToEventLoop();
      }
    }
    for (const chunk of chunks) {
      await Promise.all(chunk.map((r) => deps.publishSubjectChange({ tenantId: r.tenantId, type: r.type, id: r.id, op })));
      if (op === 'upsert') {
        await deps.producers.enqueueRecompute(
          chunk.map((r) => ({ tenantId: r.tenantId, type: r.type, id: r.id, reason: 'subject-changed' as const })),
        );
      }
      await yieldToEventLoop();
    }
  } catch (err) {
    deps.logger.warn({ err, subjects: refs.length, op }, 'subject change stored but not announced; the sweep will catch up');
  }
}

/** Subjects bumped, or announced, per turn of the event loop. */
const ANNOUNCED_PER_TURN = 500;
