import type { Contributor, Score, Subscription, SubscriptionMetric, SupplyResult } from '../domain';
import type { Firing } from './nextState';

/** How many contributors a crossing carries: the ones that explain it, not the whole list. */
export const TOP_CONTRIBUTORS = 5;

/** How many route parts a supply crossing carries. */
export const TOP_ROUTE_PARTS = 5;

/** One route's part of a site's supply score, as a supply crossing carries it. */
export interface RoutePart {
  input: string;
  routeId: string;
  name: string;
  routeScore: number;
  part: number;
}

/** What a crossing is about: a location score or a supply score of one subject. */
export interface CrossingSubject {
  metric: SubscriptionMetric;
  tenantId: string;
  subjectType: Score['subjectType'];
  subjectId: string;
  score: number;
  contributors: Contributor[];
  /** Supply only: the top route parts (docs/api.md, Supply chains). */
  routeParts?: RoutePart[];
}

/** The largest route parts over every input of a supply score (ties: plan order). */
export function topRouteParts(supply: Pick<SupplyResult, 'inputs'>): RoutePart[] {
  const parts = supply.inputs.flatMap((i) =>
    i.routes.map((r) => ({ input: i.input, routeId: r.routeId, name: r.name, routeScore: r.routeScore, part: r.part })),
  );
  return parts
    .filter((p) => p.part > 0)
    .sort((a, b) => b.part - a.part)
    .slice(0, TOP_ROUTE_PARTS);
}

/** docs/api.md "Webhooks" body, plus `sequence` per (subscription, subject). */
export interface CrossingPayload {
  type: Firing['type'];
  timestamp: string;
  data: {
    subscriptionId: string;
    subject: { type: Score['subjectType']; id: string; name: string };
    score: number;
    previousScore: number | null;
    threshold: number;
    direction: Firing['direction'];
    /** `score` or `supply` (docs/api.md, Supply chains). */
    metric: SubscriptionMetric;
    contributors: Contributor[];
    /** Supply crossings only. */
    routeParts?: RoutePart[];
    sequence: number;
  };
}

export interface PingPayload {
  type: 'ping';
  timestamp: string;
  data: { subscriptionId: string };
}

export function topContributors(contributors: Contributor[]): Contributor[] {
  return [...contributors].sort((a, b) => b.contribution - a.contribution).slice(0, TOP_CONTRIBUTORS);
}

export function crossingPayload(
  sub: Subscription,
  score: CrossingSubject,
  subjectName: string,
  firing: Firing,
  now: Date,
): CrossingPayload {
  return {
    type: firing.type,
    timestamp: now.toISOString(),
    data: {
      subscriptionId: sub.id,
      subject: { type: score.subjectType, id: score.subjectId, name: subjectName },
      score: firing.score,
      previousScore: firing.previousScore,
      threshold: sub.threshold,
      direction: firing.direction,
      metric: score.metric,
      contributors: topContributors(score.contributors),
      ...(score.routeParts ? { routeParts: score.routeParts } : {}),
      sequence: firing.sequence,
    },
  };
}

export function pingPayload(sub: Subscription, now: Date): PingPayload {
  return { type: 'ping', timestamp: now.toISOString(), data: { subscriptionId: sub.id } };
}
