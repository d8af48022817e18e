import type { BBox, RiskEvent, Route, ScoreResult, Subject } from '../domain';
import type { Store } from '../store/port';
import { routeAssessment as buildRouteAssessment, type RouteAssessment } from '../model/assessment';
import { SHIPPED_MODEL, type ModelConfig } from '../model/config';
import { coverBoxes } from '../geo/cover';
import { CandidatePool } from '../model/candidatePool';
import { round1 } from '../model/levels';
import { score, scoreActive } from '../model/model';
import { prepareSubject, queryBoxes, type PreparedRoute, type PreparedSubject } from '../model/prepare';

const DAY_MS = 86_400_000;

export interface ScoreWithTrend {
  result: ScoreResult;
  trend: { delta7d: number };
}

export interface ComputedScore extends ScoreWithTrend {
  /** The candidate events the store returned (every version known by asOf). */
  events: RiskEvent[];
}

/**
 * The score of one subject as of an instant, from what the store holds: the candidates near the subject
 * or in its countries, then the pure model — and the same 7 days earlier for the trend (docs/scoring.md §5,
 * knowledge time respected because the model only sees versions known by its asOf).
 */
export async function computeScore(
  store: Store,
  subject: Subject | PreparedSubject,
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): Promise<ComputedScore> {
  const prepared = isPrepared(subject) ? subject : prepareSubject(subject);
  const events = await scoringCandidatesOf(store, prepared, asOf, config);
  return scoreWithTrend(prepared, events, asOf, config);
}

/**
 * The events the store holds that may count for a subject at asOf or 7 days before (every version known by
 * asOf), from its query boxes and countries (`queryBoxes`, `countries` of the prepared subject).
 */
export function scoringCandidatesOf(
  store: Store,
  prepared: PreparedSubject | { tenantId: string; countries: string[]; bboxes: BBox[] },
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): Promise<RiskEvent[]> {
  return store.events.scoringCandidates({
    tenantIds: [prepared.tenantId],
    bboxes: 'bboxes' in prepared ? prepared.bboxes : queryBoxes(prepared),
    countryCodes: prepared.countries,
    asOf: asOf.toISOString(),
    observedSince: observedSince(asOf, config),
  });
}

/** The model now and 7 days earlier over the same candidates (docs/scoring.md §5). */
export function scoreWithTrend(
  subject: PreparedSubject,
  events: RiskEvent[],
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): ComputedScore {
  const result = score(subject, events, [], asOf, config);
  const before = score(subject, events, [], weekBefore(asOf), config);
  return { result, trend: trend(result, before), events };
}

function weekBefore(asOf: Date): Date {
  return new Date(asOf.getTime() - 7 * DAY_MS);
}

function trend(now: ScoreResult, before: ScoreResult): { delta7d: number } {
  return { delta7d: round1(now.score - before.score) };
}

/** Far enough back for the trend's asOf too: 7 days plus the model's horizon. */
function observedSince(asOf: Date, config: ModelConfig): string {
  return new Date(asOf.getTime() - 7 * DAY_MS - config.horizonDays * DAY_MS).toISOString();
}

/**
 * computeScore for many subjects at one asOf, with the same results: one store query for all of them
 * (their tenants, a cover of their boxes, their countries), then for each the candidates the store would
 * have returned for it alone, resolved once per identity for all (CandidatePool), then the model.
 * Results in input order.
 */
export async function computeScores(
  store: Store,
  subjects: PreparedSubject[],
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): Promise<ScoreWithTrend[]> {
  if (subjects.length === 0) return [];
  const events = await store.events.scoringCandidates({
    tenantIds: [...new Set(subjects.map((s) => s.tenantId))],
    bboxes: coverBoxes(subjects.flatMap(queryBoxes)),
    countryCodes: [...new Set(subjects.flatMap((s) => s.countries))],
    asOf: asOf.toISOString(),
    observedSince: observedSince(asOf, config),
  });
  const pool = new CandidatePool(events);
  const before = weekBefore(asOf);
  return subjects.map((s) => {
    const identities = pool.identitiesFor(s.tenantId, queryBoxes(s), s.countries);
    const result = scoreActive(s, pool.activeAt(identities, asOf), asOf, config);
    return { result, trend: trend(result, scoreActive(s, pool.activeAt(identities, before), before, config)) };
  });
}

function isPrepared(s: Subject | PreparedSubject): s is PreparedSubject {
  return 'countries' in s && 'reachKm' in s;
}

/** A route's assessment with the prepared route it was computed on (its segments' lines, for GeoJSON). */
export interface ComputedAssessment {
  assessment: RouteAssessment;
  prepared: PreparedRoute;
}

/**
 * `GET /v1/routes/:id/assessment` (docs/api.md), computed from the store as of an instant. A route that is
 * not stored (`POST /v1/assessments`, docs/outputs.md) takes the same path: nothing here reads or writes it.
 */
export async function computeRouteAssessment(
  store: Store,
  route: Route,
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): Promise<ComputedAssessment> {
  const prepared = prepareSubject({ ...route, type: 'route' }, config) as PreparedRoute;
  const { result, trend, events } = await computeScore(store, prepared, asOf, config);
  return { assessment: buildRouteAssessment(route, prepared, result, events, asOf, trend, config), prepared };
}

export async function routeAssessment(
  store: Store,
  route: Route,
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): Promise<RouteAssessment> {
  return (await computeRouteAssessment(store, route, asOf, config)).assessment;
}
