import { computeSupply, RouteScoreCache } from '@minerisk/shared/scoring/computeSupply';
import type { SupplyScore } from '@minerisk/shared/store/port';
import { clock, type ApiDeps } from '../deps';
import type { SupplyView } from '../schemas/supply';

function view(s: Pick<SupplyScore, 'score' | 'level' | 'asOf' | 'inputs'>): SupplyView {
  return { score: s.score, level: s.level, asOf: s.asOf, inputs: s.inputs };
}

/**
 * A site's `supply` (docs/api.md "Supply chains"): null without a plan; the stored supply score; computed on
 * read from the stored route scores when none is stored yet; under `asOf`, from the routes computed at that
 * instant with the plan as it is now (plans have no history).
 */
export async function readSupply(deps: ApiDeps, tenantId: string, siteId: string, asOf?: Date): Promise<SupplyView | null> {
  const [plan, stored] = await Promise.all([
    deps.store.supply.getPlan(tenantId, siteId),
    asOf ? Promise.resolve(null) : deps.store.supply.get(tenantId, siteId),
  ]);
  if (!plan) return null;
  if (stored) return view(stored);
  const now = clock(deps);
  const routes = new RouteScoreCache(deps.store, asOf ? { kind: 'asOf', asOf } : { kind: 'stored', now });
  const result = await computeSupply(plan, routes);
  return view({ ...result, asOf: (asOf ?? now).toISOString() });
}
