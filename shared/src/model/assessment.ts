import type { Contributor, RiskEvent, Route, RouteViews, ScoreResult, SegmentScore } from '../domain';
import { SHIPPED_MODEL, type ModelConfig } from './config';
import type { PreparedRoute, PreparedSubject } from './prepare';
import { prepareEvent } from './preparedEvent';
import { reachOf } from './reach';
import { resolveVersions } from './versions';
import { isAdvisory, isHazard } from './weight';

const DAY_MS = 86_400_000;

/** `GET /v1/routes/:id/assessment` (docs/api.md), plus `baseline`/`local` per segment and every route view. */
export interface RouteAssessment {
  route: { id: string; name: string; mode: Route['mode']; lengthKm: number };
  score: number;
  level: ScoreResult['level'];
  segments: SegmentScore[];
  worstSegment: RouteViews['worstSegment'];
  countries: ScoreResult['countries'];
  incidents: { last30d: number; last90d: number };
  contributors: Contributor[];
  trend: { delta7d: number };
  asOf: string;
  modelVersion: string;
  routeViews: RouteViews;
}

/**
 * Security incidents (not hazards, not advisories) that happened within the route's reach (its buffer,
 * its airports for air; mode rules apply, λ cut-offs do not) in the last 30 and 90 days before asOf.
 * Newest known version per identity; a cancelled one never happened, an ended one did.
 */
export function incidentCounts(
  route: PreparedRoute,
  events: readonly RiskEvent[],
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): { last30d: number; last90d: number } {
  const now = asOf.getTime();
  let last30d = 0;
  let last90d = 0;
  for (const e of resolveVersions(events, asOf, route.tenantId)) {
    if (e.status === 'cancelled' || isAdvisory(e) || isHazard(e.category) || e.geometry === null) continue;
    const age = now - Date.parse(e.observedAt);
    if (age < 0 || age > 90 * DAY_MS) continue;
    if (reachOf(route, prepareEvent(e, config), config, { limit: 'buffer' }) === null) continue;
    last90d += 1;
    if (age <= 30 * DAY_MS) last30d += 1;
  }
  return { last30d, last90d };
}

/** The assessment body from a route's score (computed by `score`) and the candidate events it was computed from. */
export function routeAssessment(
  route: Route,
  prepared: PreparedSubject,
  result: ScoreResult,
  events: readonly RiskEvent[],
  asOf: Date,
  trend: { delta7d: number },
  config: ModelConfig = SHIPPED_MODEL,
): RouteAssessment {
  if (prepared.type !== 'route' || result.segments === undefined || result.routeViews === undefined) {
    throw new TypeError('routeAssessment needs a route and its route score');
  }
  return {
    route: {
      id: route.id,
      name: route.name,
      mode: route.mode,
      lengthKm: Math.round((route.lengthKm > 0 ? route.lengthKm : prepared.lengthKm) * 10) / 10,
    },
    score: result.score,
    level: result.level,
    segments: result.segments,
    worstSegment: result.routeViews.worstSegment,
    countries: result.countries,
    incidents: incidentCounts(prepared, events, asOf, config),
    contributors: result.contributors,
    trend,
    asOf: result.asOf,
    modelVersion: result.modelVersion,
    routeViews: result.routeViews,
  };
}
