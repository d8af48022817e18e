import type { Score, SubjectRef } from '@minerisk/shared/domain';
import type { Logger } from '@minerisk/shared/logger';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { computeScore } from '@minerisk/shared/scoring/fromStore';
import type { Store } from '@minerisk/shared/store/port';
import { evaluateCrossings } from '@minerisk/shared/webhooks/crossings';
import type { SubjectRegistry } from './subjectRegistry';

export interface RecomputeDeps {
  store: Store;
  registry: SubjectRegistry;
  producers: Producers;
  logger: Logger;
  now: () => Date;
}

/** A change that lands while a recompute runs makes it go round again; this bounds the rounds. */
const MAX_ROUNDS = 5;

/**
 * Recomputes one subject from the stored events and writes it with compare-and-set on the subject's change
 * sequence: a recompute that read an older sequence can never overwrite a newer one, and if the sequence
 * moved while we computed, we compute again. This is what makes any number of workers converge.
 * Returns 'requeue' if the subject kept changing for MAX_ROUNDS (the caller queues it again).
 */
export async function recomputeSubject(deps: RecomputeDeps, ref: SubjectRef): Promise<'done' | 'gone' | 'requeue'> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const seq = await deps.store.scores.currentSeq(ref);
    const subject = deps.registry.get(ref) ?? (await deps.registry.refresh(ref));
    if (!subject) {
      await deps.store.scores.deleteForSubject(ref.tenantId, ref.type, ref.id);
      return 'gone';
    }
    const asOf = deps.now();
    const { result, trend } = await computeScore(deps.store, subject, asOf);
    const score: Score = {
      ...result,
      tenantId: ref.tenantId,
      subjectType: ref.type,
      subjectId: ref.id,
      trend,
      computedAt: deps.now().toISOString(),
      basedOnSeq: seq,
    };
    const put = await deps.store.scores.putIfNewer(score);
    if (put.written) {
      await evaluateCrossings(
        { store: deps.store, producers: deps.producers, now: deps.now() },
        { score, previousScore: put.previous, subjectName: subject.name },
      );
    }
    if ((await deps.store.scores.currentSeq(ref)) === seq) return 'done';
  }
  deps.logger.warn({ ref }, 'subject kept changing while being scored; queued again');
  return 'requeue';
}
