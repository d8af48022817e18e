import type { SubjectRef } from '@minerisk/shared/domain';
import { computeSupply, RouteScoreCache } from '@minerisk/shared/scoring/computeSupply';
import type { SupplyScore } from '@minerisk/shared/store/port';
import { evaluateCrossings } from './crossings';
import type { RecomputeDeps } from './recomputeSubjects';

/** As recomputeSubjects: a change landing while a round runs makes it go round again, this many times at most. */
const MAX_ROUNDS = 5;

/**
 * Recomputes the supply scores of sites (docs/scoring.md §6) from their plans and the stored route scores,
 * and writes them compare-and-set on each site's supply sequence (docs/architecture.md, Supply exposure):
 * a route-score write or a plan change bumps that sequence, so a round that read an older one can never
 * overwrite a newer result, and a site whose sequence moved meanwhile goes round again. A site without a
 * plan (or deleted) has no supply score. Returns the sites that kept changing (the caller queues them again).
 */
export async function recomputeSupply(deps: RecomputeDeps, refs: SubjectRef[]): Promise<{ requeue: SubjectRef[] }> {
  const { store } = deps;
  let todo = refs.filter((r) => r.type === 'site');
  for (let round = 0; round < MAX_ROUNDS && todo.length > 0; round++) {
    const now = deps.now();
    const routes = new RouteScoreCache(store, { kind: 'stored', now });
    const computed: { score: SupplyScore; name: string; seq: number; ref: SubjectRef }[] = [];
    for (const ref of todo) {
      const seq = await store.supply.currentSeq(ref);
      const plan = await store.supply.getPlan(ref.tenantId, ref.id);
      if (!plan) continue;
      const site = deps.registry.get(ref) ?? (await deps.registry.refresh(ref));
      if (!site) {
        // The site is gone (its deletion removes the plan too; this finishes a deletion cut short).
        await store.supply.deletePlan(ref.tenantId, ref.id);
        continue;
      }
      const result = await computeSupply(plan, routes);
      const at = now.toISOString();
      const score: SupplyScore = {
        ...result,
        tenantId: ref.tenantId,
        subjectType: 'site',
        subjectId: ref.id,
        asOf: at,
        computedAt: deps.now().toISOString(),
        basedOnSeq: seq,
      };
      computed.push({ score, name: site.name, seq, ref });
    }
    const puts = await store.supply.putManyIfNewer(computed.map((c) => c.score));
    // Whether a tenant has any active supply subscription, read once per round (most have none).
    const watching = new Map<string, Promise<boolean>>();
    const watched = (tenantId: string) => {
      let w = watching.get(tenantId);
      if (!w) {
        w = store.subscriptions.listActive(tenantId).then((subs) => subs.some((s) => s.metric === 'supply'));
        watching.set(tenantId, w);
      }
      return w;
    };
    for (let i = 0; i < computed.length; i++) {
      const put = puts[i]!;
      // A site's first supply score sends nothing (docs/api.md, Supply chains).
      if (!put.written || put.previous === null || !(await watched(computed[i]!.ref.tenantId))) continue;
      await evaluateCrossings(
        { store, producers: deps.producers, now: deps.now() },
        { metric: 'supply', supply: computed[i]!.score, previousScore: put.previous, subjectName: computed[i]!.name },
      );
    }
    const moved: SubjectRef[] = [];
    for (const c of computed) if ((await store.supply.currentSeq(c.ref)) !== c.seq) moved.push(c.ref);
    todo = moved;
  }
  if (todo.length > 0) deps.logger.warn({ sites: todo.length }, 'supply kept changing while being scored; queued again');
  return { requeue: todo };
}
