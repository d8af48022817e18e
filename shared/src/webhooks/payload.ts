import type { Contributor, Score, Subscription } from '../domain';
import type { Firing } from './nextState';

/** How many contributors a crossing carries: the ones that explain it, not the whole list. */
export const TOP_CONTRIBUTORS = 5;

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
    contributors: Contributor[];
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
  score: Score,
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
      contributors: topContributors(score.contributors),
      sequence: firing.sequence,
    },
  };
}

export function pingPayload(sub: Subscription, now: Date): PingPayload {
  return { type: 'ping', timestamp: now.toISOString(), data: { subscriptionId: sub.id } };
}
