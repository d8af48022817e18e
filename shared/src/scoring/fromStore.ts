import type { RiskEvent, Route, ScoreResult, Subject } from '../domain';
import type { Store } from '../store/port';
import { routeAssessment as buildRouteAssessment } from './assessment';
import { MODEL_V1, type ModelConfig } from './config';
import { CandidatePool } from './candidatePool';
import { score } from './model';
import { prepareSubject, queryBoxes, type PreparedSubject } from './prepare';

const DAY_MS = 86_400_000;

export interface ComputedScore {
  result: ScoreResult;
  trend: { delta7d: number };
  /** The candidate events the store returned (every version known by asOf). */
  events: RiskEvent[];
}

function isAdvisory(e: RiskEvent): boolean {
  return e.category === 'travel-advisory';
}

/** Rounded to 0.1, as API.md says of scores and components. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * The score of one subject as of an instant, from what the store holds: the candidates near the subject
 * or in its countries, then the pure model — and the same 7 days earlier for the trend (SCORING.md §5,
 * knowledge time respected because the model only sees versions known by its asOf).
 */
export async function computeScore(
  store: Store,
  subject: Subject | PreparedSubject,
  asOf: Date,
  config: ModelConfig = MODEL_V1,
): Promise<ComputedScore> {
  const prepared = isPrepared(subject) ? subject : prepareSubject(subject);
  const events = await store.events.scoringCandidates({
    tenantId: prepared.tenantId,
    bboxes: queryBoxes(prepared),
    countryCodes: prepared.countries,
    asOf: asOf.toISOString(),
    observedSince: observedSince(asOf, config),
  });
  return scoreWithTrend(prepared, events, asOf, config);
}

/** The model now and 7 days earlier over the same candidates (SCORING.md §5). */
function scoreWithTrend(subject: PreparedSubject, events: RiskEvent[], asOf: Date, config: ModelConfig): ComputedScore {
  const advisories = events.filter(isAdvisory);
  const others = events.filter((e) => !isAdvisory(e));
  const result = score(subject, others, advisories, asOf, config);
  const before = score(subject, others, advisories, new Date(asOf.getTime() - 7 * DAY_MS), config);
  return { result, trend: { delta7d: round1(result.score - before.score) }, events };
}

/** Far enough back for the trend's asOf too: 7 days plus the model's horizon. */
function observedSince(asOf: Date, config: ModelConfig): string {
  return new Date(asOf.getTime() - 7 * DAY_MS - config.horizonDays * DAY_MS).toISOString();
}

/**
 * computeScore for many subjects at one asOf: one store query per tenant, then the same per-subject
 * candidates the store would have returned, then the model. Results in input order.
 */
export async function computeScores(
  store: Store,
  subjects: PreparedSubject[],
  asOf: Date,
  config: ModelConfig = MODEL_V1,
): Promise<ComputedScore[]> {
  const byTenant = new Map<string, PreparedSubject[]>();
  for (const s of subjects) {
    const list = byTenant.get(s.tenantId);
    if (list) list.push(s);
    else byTenant.set(s.tenantId, [s]);
  }
  const pools = new Map<string, CandidatePool>();
  for (const [tenantId, list] of byTenant) {
    const events = await store.events.scoringCandidates({
      tenantId,
      bboxes: list.flatMap(queryBoxes),
      countryCodes: [...new Set(list.flatMap((s) => s.countries))],
      asOf: asOf.toISOString(),
      observedSince: observedSince(asOf, config),
    });
    pools.set(tenantId, new CandidatePool(events));
  }
  return subjects.map((s) => scoreWithTrend(s, pools.get(s.tenantId)!.for(queryBoxes(s), s.countries), asOf, config));
}

function isPrepared(s: Subject | PreparedSubject): s is PreparedSubject {
  return 'countries' in s && 'reachKm' in s;
}

/** `GET /v1/routes/:id/assessment` (API.md), computed from the store as of an instant. */
export async function routeAssessment(store: Store, route: Route, asOf: Date, config: ModelConfig = MODEL_V1): Promise<unknown> {
  const prepared = prepareSubject({ ...route, type: 'route' });
  const { result, trend, events } = await computeScore(store, prepared, asOf, config);
  return buildRouteAssessment(route, prepared, result, events, asOf, trend);
}
