import type {
  RouteClosure,
  WhatIfAlternative,
  WhatIfInput,
  WhatIfPlan,
  WhatIfResult,
  WhatIfRouteView,
  WhatIfSite,
} from '../domain';
import { round1 } from './levels';
import { compareCodeUnits } from './versions';

/** Shares are fractions: sums are cleaned to 1e-9 so 0.1 + 0.2 is 0.3 and a float residue never counts as a loss. */
function cleanShare(n: number): number {
  return Math.round(n * 1e9) / 1e9 + 0;
}

export interface WhatIfRequest {
  /** Every plan of the tenant, with its site's id and name. */
  plans: readonly WhatIfPlan[];
  /** Current score, level and worst segment of the routes the plans name (at least the open ones with spare). */
  routes: ReadonlyMap<string, WhatIfRouteView>;
  /** The closed routes, by id (see {@link closuresOf}). */
  closed: ReadonlyMap<string, RouteClosure>;
  /** How long the closure lasts: a stock-out within it is flagged. 1..365, default 30 in the API. */
  durationDays: number;
}

function alternativesOf(
  links: WhatIfPlan['inputs'][number]['routes'],
  closed: ReadonlyMap<string, RouteClosure>,
  routes: ReadonlyMap<string, WhatIfRouteView>,
): WhatIfAlternative[] {
  const out: WhatIfAlternative[] = [];
  for (const link of links) {
    if (closed.has(link.routeId)) continue;
    const spare = cleanShare(link.maxShare - link.share);
    if (spare <= 0) continue;
    const view = routes.get(link.routeId);
    if (view === undefined) throw new Error(`evaluateWhatIf: open route ${link.routeId} is not in the route map`);
    out.push({
      routeId: link.routeId,
      name: view.name,
      score: view.score,
      level: view.level,
      spare,
      worstSegment: view.worstSegment,
    });
  }
  // Safest first; equal scores by name, then id, so the order never depends on the plan's.
  return out.sort((a, b) => a.score - b.score || compareCodeUnits(a.name, b.name) || compareCodeUnits(a.routeId, b.routeId));
}

/**
 * One input under a closure (docs/scoring.md §6): lost = Σ share of its closed routes, absorbed = min(lost,
 * Σ spare of its open routes), net = lost − absorbed (all to 1e-9), daysToStockout = bufferDays / net rounded
 * to 0.1 (null when net = 0), flagged when ≤ durationDays. Null when the closure takes nothing of it.
 */
export function inputUnderClosure(
  input: WhatIfPlan['inputs'][number],
  closed: ReadonlyMap<string, RouteClosure>,
  routes: ReadonlyMap<string, WhatIfRouteView>,
  durationDays: number,
): WhatIfInput | null {
  let lostRaw = 0;
  for (const link of input.routes) if (closed.has(link.routeId)) lostRaw += link.share;
  const lost = cleanShare(lostRaw);
  if (lost <= 0) return null;
  const alternatives = alternativesOf(input.routes, closed, routes);
  const absorbed = Math.min(lost, cleanShare(alternatives.reduce((s, a) => s + a.spare, 0)));
  const net = cleanShare(lost - absorbed);
  const daysToStockout = net > 0 ? round1(input.bufferDays / net) : null;
  return {
    input: input.input,
    bufferDays: input.bufferDays,
    lost,
    absorbed,
    net,
    daysToStockout,
    stockoutWithinDuration: daysToStockout !== null && daysToStockout <= durationDays,
    alternatives,
  };
}

function earliestStockout(site: WhatIfSite): number | null {
  let min: number | null = null;
  for (const i of site.inputs) if (i.daysToStockout !== null && (min === null || i.daysToStockout < min)) min = i.daysToStockout;
  return min;
}

/**
 * `POST /v1/what-if` without the I/O (docs/api.md, Supply chains): the sites with an input the closure takes
 * something of (only those inputs, in plan order), by earliest stock-out (sites that never stock out last),
 * then by name and id; alternatives are the input's open routes with spare capacity, safest first.
 */
export function evaluateWhatIf(req: WhatIfRequest): WhatIfResult {
  const sites: { site: WhatIfSite; first: number | null }[] = [];
  for (const plan of req.plans) {
    const inputs: WhatIfInput[] = [];
    for (const input of plan.inputs) {
      const r = inputUnderClosure(input, req.closed, req.routes, req.durationDays);
      if (r !== null) inputs.push(r);
    }
    if (inputs.length === 0) continue;
    const site = { site: { id: plan.site.id, name: plan.site.name }, inputs };
    sites.push({ site, first: earliestStockout(site) });
  }
  sites.sort(
    (a, b) =>
      (a.first === null ? 1 : 0) - (b.first === null ? 1 : 0) ||
      (a.first ?? 0) - (b.first ?? 0) ||
      compareCodeUnits(a.site.site.name, b.site.site.name) ||
      compareCodeUnits(a.site.site.id, b.site.site.id),
  );
  return {
    sites: sites.map((s) => s.site),
    summary: {
      sitesAffected: sites.length,
      sitesStockingOut: sites.filter((s) => s.site.inputs.some((i) => i.stockoutWithinDuration)).length,
    },
  };
}

/**
 * The closed routes of a what-if by id, one reason each in the order listed, area, event (docs/api.md):
 * a listed route is closed over its whole length; by an area or event, over its km inside the polygon.
 */
export function closuresOf(parts: {
  listed?: readonly string[];
  area?: ReadonlyMap<string, number>;
  event?: ReadonlyMap<string, number>;
  /** Length of each listed route in km. */
  lengthKm: (routeId: string) => number;
}): Map<string, RouteClosure> {
  const closed = new Map<string, RouteClosure>();
  for (const id of parts.listed ?? [])
    if (!closed.has(id)) closed.set(id, { reason: 'listed', kmClosed: round1(parts.lengthKm(id)) });
  for (const [id, km] of parts.area ?? []) if (!closed.has(id)) closed.set(id, { reason: 'area', kmClosed: round1(km) });
  for (const [id, km] of parts.event ?? []) if (!closed.has(id)) closed.set(id, { reason: 'event', kmClosed: round1(km) });
  return closed;
}
