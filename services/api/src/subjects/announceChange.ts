import type { SubjectRef } from '@minerisk/shared/domain/subject';
import type { ApiDeps } from '../deps';

/**
 * A site or route was created, changed or deleted: bump its change sequence (so a recompute of the old
 * shape cannot overwrite, and the sweep finds it if Redis drops the job), tell every scoring worker, and
 * queue its scoring. The subject is already stored: if Redis is down, the sweep catches up, so a failure
 * here is logged rather than turned into an error for a change that did happen.
 */
export async function announceSubjectChange(deps: ApiDeps, refs: SubjectRef[], op: 'upsert' | 'delete'): Promise<void> {
  if (refs.length === 0) return;
  try {
    if (op === 'upsert') await deps.store.scores.bumpSeq(refs);
    await Promise.all(refs.map((r) => deps.publishSubjectChange({ tenantId: r.tenantId, type: r.type, id: r.id, op })));
    if (op === 'upsert') {
      await deps.producers.enqueueRecompute(
        refs.map((r) => ({ tenantId: r.tenantId, type: r.type, id: r.id, reason: 'subject-changed' as const })),
      );
    }
  } catch (err) {
    deps.logger.warn({ err, subjects: refs.length, op }, 'subject change stored but not announced; the sweep will catch up');
  }
}
