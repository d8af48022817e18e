import type { Route, SupplyInput, SupplyPlan, SupplyResult, SupplyRouteScore } from '../domain';
import type { Store } from '../store/port';
import { supplyRouteScoreOf, supplyScore, SUPPLY_V1, type SupplyConfig } from '../model/supply';
import { computeScore } from './computeScore';

/**
 * Where the route scores a supply score reads come from (docs/scoring.md §6): the stored ones (a route never
 * scored yet is computed on read, as any score is), or every route computed at `asOf` (`?asOf=`).
 */
export type RouteScoreSource = { kind: 'stored'; now: Date } | { kind: 'asOf'; asOf: Date };

/**
 * Route scores as the supply model reads them, loaded once per route however many plans name it (a scoring
 * round or a what-if reads many plans at once). Routes that no longer exist are left out.
 */
export class RouteScoreCache {
  private readonly loaded = new Map<string, Promise<SupplyRouteScore | null>>();

  constructor(
    private readonly store: Store,
    private readonly source: RouteScoreSource,
  ) {}

  get(tenantId: string, routeId: string): Promise<SupplyRouteScore | null> {
    const key = `${tenantId}|${routeId}`;
    let p = this.loaded.get(key);
    if (!p) {
      p = this.load(tenantId, routeId);
      this.loaded.set(key, p);
    }
    return p;
  }

  private async load(tenantId: string, routeId: string): Promise<SupplyRouteScore | null> {
    const route = await this.store.routes.get(tenantId, routeId);
    return route ? this.scoreOf(route) : null;
  }

  private async scoreOf(route: Route): Promise<SupplyRouteScore> {
    if (this.source.kind === 'stored') {
      const stored = await this.store.scores.get(route.tenantId, 'route', route.id);
      if (stored) return supplyRouteScoreOf(route, stored);
    }
    const at = this.source.kind === 'stored' ? this.source.now : this.source.asOf;
    return supplyRouteScoreOf(route, (await computeScore(this.store, { ...route, type: 'route' }, at)).result);
  }
}

/**
 * The supply score of one plan from the route scores the cache gives (docs/scoring.md §6). A route the plan
 * names but that is gone (deleted between the plan's read and now) counts as absent from its input.
 */
export async function computeSupply(
  plan: Pick<SupplyPlan, 'tenantId' | 'inputs'>,
  routes: RouteScoreCache,
  config: SupplyConfig = SUPPLY_V1,
): Promise<SupplyResult> {
  const views = new Map<string, SupplyRouteScore>();
  const inputs: SupplyInput[] = [];
  for (const inp of plan.inputs) {
    const links = [];
    for (const link of inp.routes) {
      const view = await routes.get(plan.tenantId, link.routeId);
      if (!view) continue;
      views.set(link.routeId, view);
      links.push(link);
    }
    inputs.push({ ...inp, routes: links });
  }
  return supplyScore(inputs, views, config);
}
