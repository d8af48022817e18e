import { z } from 'zod';
import { AppError, type FieldError } from '@minerisk/shared/domain/errors';
import { multiPolygonSchema, polygonSchema, type MultiPolygon, type Polygon } from '@minerisk/shared/domain/geo';
import type { RiskEvent } from '@minerisk/shared/domain/event';
import type { Route } from '@minerisk/shared/domain/subject';
import {
  CLOSURE_REASONS,
  type RouteClosure,
  type SupplyPlan,
  type WhatIfPlan,
  type WhatIfRouteView,
} from '@minerisk/shared/domain/supply';
import { RouteClosureIndex } from '@minerisk/shared/geo/closure';
import { whatIfRouteViewOf } from '@minerisk/shared/model/supply';
import { closuresOf, evaluateWhatIf } from '@minerisk/shared/model/whatIf';
import { computeScore } from '@minerisk/shared/scoring/computeScore';
import type { Store } from '@minerisk/shared/store/port';
import { clock, type ApiDeps } from '../deps';
import { fieldErrors } from '../http/zodIssues';
import type { whatIfBodySchema } from '../schemas/supply';

type WhatIfBody = z.output<typeof whatIfBodySchema>;

const areaSchema = z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema]);

/** The tenant's routes and their closure index, as of a routes stamp. */
interface TenantRoutes {
  stamp: string;
  routes: Map<string, Route>;
  index: RouteClosureIndex;
}

/** A value kept per tenant while a stamp read from the store stays the same. */
class StampedCache<T> {
  private readonly byTenant = new Map<string, { stamp: string; value: Promise<T> }>();

  async get(tenantId: string, stamp: string, build: () => Promise<T>): Promise<T> {
    const cached = this.byTenant.get(tenantId);
    if (cached && cached.stamp === stamp) {
      const ok = await cached.value.then(
        () => true,
        () => false,
      );
      if (ok) return cached.value;
    }
    const value = build();
    this.byTenant.set(tenantId, { stamp, value });
    return value;
  }
}

/**
 * Per tenant, the RouteClosureIndex of its routes and its supply plans, built on the first what-if and kept
 * while the tenant's routes stamp and plans stamp (store.supply.routesStamp / plansStamp: they move with every
 * route or plan created, changed or deleted, through any API process) stay the same; a moved stamp rebuilds
 * from the store. So every API replica answers from what is stored, at the cost of two small reads a request.
 */
export class ClosureIndexCache {
  private readonly routes = new StampedCache<TenantRoutes>();
  private readonly plans = new StampedCache<SupplyPlan[]>();

  async get(store: Store, tenantId: string): Promise<TenantRoutes> {
    const stamp = await store.supply.routesStamp(tenantId);
    return this.routes.get(tenantId, stamp, () => this.build(store, tenantId, stamp));
  }

  async plansOf(store: Store, tenantId: string): Promise<SupplyPlan[]> {
    const stamp = await store.supply.plansStamp(tenantId);
    return this.plans.get(tenantId, stamp, () => store.supply.listPlans(tenantId));
  }

  private async build(store: Store, tenantId: string, stamp: string): Promise<TenantRoutes> {
    const routes = new Map<string, Route>();
    let cursor: string | null = null;
    do {
      const page = await store.routes.list(tenantId, { limit: 500, cursor });
      for (const r of page.items) routes.set(r.id, r);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { stamp, routes, index: new RouteClosureIndex(routes.values()) };
  }
}

function unprocessable(message: string, errors: FieldError[]): AppError {
  return new AppError('unprocessable', message, errors);
}

/** Twice the signed area of a ring in degrees² (shoelace): 0 for a ring that encloses nothing. */
function ringArea(ring: readonly (readonly number[])[]): number {
  let a = 0;
  for (let i = 1; i < ring.length; i++) a += ring[i - 1]![0]! * ring[i]![1]! - ring[i]![0]! * ring[i - 1]![1]!;
  return a;
}

/** A closeArea that is a valid Polygon or MultiPolygon enclosing something, else a 422 naming what is wrong. */
export function closureArea(value: unknown, path = 'body.closeArea'): Polygon | MultiPolygon {
  const parsed = areaSchema.safeParse(value);
  if (!parsed.success)
    throw unprocessable('closeArea must be a valid GeoJSON Polygon or MultiPolygon.', fieldErrors(path, parsed.error));
  const polygons = parsed.data.type === 'Polygon' ? [parsed.data.coordinates] : parsed.data.coordinates;
  if (polygons.every((p) => ringArea(p[0]!) === 0))
    throw unprocessable('closeArea encloses no area.', [{ path, message: 'an empty polygon' }]);
  return parsed.data;
}

/** The newest version of an event of the tenant; closeByEvent needs it active, with a Polygon or MultiPolygon. */
async function eventArea(store: Store, tenantId: string, eventId: string, now: Date): Promise<Polygon | MultiPolygon> {
  const path = 'body.closeByEvent';
  const found = await store.events.get(tenantId, eventId);
  if (!found) throw unprocessable(`No event ${eventId}.`, [{ path, message: `no event ${eventId}` }]);
  const versions = await store.events.versionsOf([found]);
  const newest = versions.reduce<RiskEvent>((a, b) => (b.version > a.version ? b : a), found);
  const active = newest.status === 'active' && (newest.validTo === null || Date.parse(newest.validTo) > now.getTime());
  const g = newest.geometry;
  if (!active || !g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    throw unprocessable(
      `Event ${eventId} cannot close routes: its newest version must be active with a Polygon or MultiPolygon geometry.`,
      [{ path, message: `event ${eventId} is not an active event with a polygon` }],
    );
  }
  return g;
}

/**
 * `POST /v1/what-if` (docs/api.md "Supply chains"): which routes a closure closes (listed, by an area, by an
 * event's polygon), and per affected site and input what is lost, absorbed by the open routes' spare capacity,
 * the days to stock-out and the alternatives, from the stored plans and route scores. Nothing is stored.
 */
export async function whatIf(deps: ApiDeps, cache: ClosureIndexCache, tenantId: string, body: WhatIfBody): Promise<unknown> {
  const now = clock(deps);
  const area = body.closeArea === undefined ? null : closureArea(body.closeArea);
  const { routes, index } = await cache.get(deps.store, tenantId);
  const listed = [...new Set(body.closeRoutes ?? [])];
  const unknown = listed.filter((id) => !routes.has(id));
  if (unknown.length > 0) {
    throw unprocessable(
      `No route ${unknown.join(', ')} in this tenant.`,
      unknown.map((id) => ({ path: `body.closeRoutes.${listed.indexOf(id)}`, message: `no route ${id}` })),
    );
  }
  const byEvent = body.closeByEvent === undefined ? null : await eventArea(deps.store, tenantId, body.closeByEvent, now);
  const closed = closuresOf({
    listed,
    ...(area ? { area: index.query(area) } : {}),
    ...(byEvent ? { event: index.query(byEvent) } : {}),
    lengthKm: (id) => routes.get(id)!.lengthKm,
  });

  // Only plans naming a closed route can be affected; their sites and open spare routes are the only ones read.
  const plans = closed.size === 0 ? [] : await cache.plansOf(deps.store, tenantId);
  const affected = plans.filter((p) => p.inputs.some((i) => i.routes.some((r) => closed.has(r.routeId) && r.share > 0)));
  const sites = await deps.store.sites.getMany(
    tenantId,
    affected.map((p) => p.siteId),
  );
  const names = new Map(sites.map((site) => [site.id, site.name] as const));
  const whatIfPlans: WhatIfPlan[] = [];
  const spareRoutes = new Set<string>();
  for (const plan of affected) {
    const name = names.get(plan.siteId);
    if (name === undefined) continue;
    const inputs = plan.inputs.map((inp) => ({ ...inp, routes: inp.routes.filter((r) => routes.has(r.routeId)) }));
    for (const link of inputs.flatMap((inp) => inp.routes))
      if (!closed.has(link.routeId) && link.maxShare > link.share) spareRoutes.add(link.routeId);
    whatIfPlans.push({ site: { id: plan.siteId, name }, inputs });
  }
  const views = await routeViews(deps, tenantId, [...spareRoutes], routes, now);
  const result = evaluateWhatIf({ plans: whatIfPlans, routes: views, closed, durationDays: body.durationDays });
  return {
    closedRoutes: closedRoutesView(closed, routes),
    sites: result.sites,
    summary: result.summary,
    asOf: now.toISOString(),
  };
}

/** The stored scores of the routes (one query); a route never scored yet is computed on read. */
async function routeViews(
  deps: ApiDeps,
  tenantId: string,
  ids: string[],
  routes: Map<string, Route>,
  now: Date,
): Promise<Map<string, WhatIfRouteView>> {
  const views = new Map<string, WhatIfRouteView>();
  for (const s of await deps.store.scores.getMany(tenantId, 'route', ids)) {
    views.set(s.subjectId, whatIfRouteViewOf(routes.get(s.subjectId)!, s));
  }
  for (const id of ids.filter((i) => !views.has(i))) {
    const route = routes.get(id)!;
    views.set(id, whatIfRouteViewOf(route, (await computeScore(deps.store, { ...route, type: 'route' }, now)).result));
  }
  return views;
}

/** Closed routes by reason (listed, area, event), then name and id. */
function closedRoutesView(closed: Map<string, RouteClosure>, routes: Map<string, Route>) {
  const rank = (r: RouteClosure) => CLOSURE_REASONS.indexOf(r.reason);
  return [...closed.entries()]
    .map(([id, c]) => ({ id, name: routes.get(id)!.name, reason: c.reason, kmClosed: c.kmClosed }))
    .sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1));
}
