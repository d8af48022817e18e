import type { SubjectRef } from '@minerisk/shared/domain';
import type { RecomputeJob } from '@minerisk/shared/contracts/queues';
import type { Producers } from '@minerisk/shared/runtime/producers';
import type { Store } from '@minerisk/shared/store/port';
import type { SubjectRegistry } from './subjectRegistry';

/**
 * Marks every subject changed and queues its recompute (deduplicated per subject), so that decay and
 * expiries show without new events, and a new model version reaches every stored score.
 */
export async function rescoreAll(
  deps: {
    store: Store;
    registry: SubjectRegistry;
    producers: Producers;
  },
  reason: Extract<RecomputeJob['reason'], 'periodic' | 'model-version'>,
): Promise<{ subjects: number }> {
  const refs: SubjectRef[] = deps.registry.all().map((p) => ({ tenantId: p.tenantId, type: p.type, id: p.id }));
  for (let i = 0; i < refs.length; i += 1000) {
    const chunk = refs.slice(i, i + 1000);
    await deps.store.scores.bumpSeq(chunk);
    await deps.producers.enqueueRecompute(chunk.map((r) => ({ ...r, reason })));
  }
  return { subjects: refs.length };
}
