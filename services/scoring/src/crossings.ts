import type { Delivery, Score, Subscription, SubscriptionMetric } from '@minerisk/shared/domain';
import type { Producers } from '@minerisk/shared/runtime/producers';
import type { Store, SupplyScore } from '@minerisk/shared/store/port';
import { newDelivery } from '@minerisk/shared/webhooks/deliveries';
import { initialState, nextState } from '@minerisk/shared/webhooks/nextState';
import { crossingPayload, topRouteParts, type CrossingSubject } from '@minerisk/shared/webhooks/payload';

export interface CrossingDeps {
  store: Store;
  producers: Producers;
  now: Date;
}

/** A location score just written (score subscriptions), or a site's supply score (supply subscriptions). */
export type CrossingInput =
  | {
      metric?: 'score';
      score: Score;
      /** The subject's stored score before this one (null: its first score); used for a pair seen for the first time. */
      previousScore: number | null;
      subjectName: string;
    }
  | {
      metric: 'supply';
      supply: SupplyScore;
      /** The site's stored supply score before this one (a first supply score is never evaluated). */
      previousScore: number;
      subjectName: string;
    };

/** What the state machine and the payload read of either kind of score. */
function watched(input: CrossingInput): CrossingSubject {
  if (input.metric === 'supply') {
    const s = input.supply;
    return {
      metric: 'supply',
      tenantId: s.tenantId,
      subjectType: 'site',
      subjectId: s.subjectId,
      score: s.score,
      contributors: [],
      routeParts: topRouteParts(s),
    };
  }
  const s = input.score;
  return {
    metric: 'score',
    tenantId: s.tenantId,
    subjectType: s.subjectType,
    subjectId: s.subjectId,
    score: s.score,
    contributors: s.contributors,
  };
}

/** Another writer evaluating the same pair at the same time wins at most this many races in a row. */
const MAX_CAS_ROUNDS = 8;

export function matchesFilter(
  sub: Subscription,
  score: Pick<Score, 'subjectType' | 'subjectId'>,
  metric: SubscriptionMetric = 'score',
): boolean {
  if ((sub.metric ?? 'score') !== metric) return false;
  if (sub.filter.subjectType && sub.filter.subjectType !== score.subjectType) return false;
  if (sub.filter.subjectIds && sub.filter.subjectIds.length > 0 && !sub.filter.subjectIds.includes(score.subjectId)) return false;
  return true;
}

/**
 * One pair: read its state, step the state machine, and store the new state together with the delivery it
 * produced (compare-and-set on the pair's sequence). A concurrent writer makes us read again, so a crossing
 * is stored exactly once, with its delivery or not at all.
 */
async function evaluatePair(deps: CrossingDeps, sub: Subscription, input: CrossingInput): Promise<Delivery[]> {
  const score = watched(input);
  for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
    const stored = await deps.store.subscriptions.getState(sub.tenantId, sub.id, score.subjectType, score.subjectId);
    const state = stored ?? initialState(sub, score, input.previousScore, deps.now);
    const step = nextState(sub, state, score, deps.now);
    if (!step.changed && stored) return [];
    const deliveries = step.firing
      ? [newDelivery(sub, step.firing.type, crossingPayload(sub, score, input.subjectName, step.firing, deps.now), deps.now)]
      : [];
    if (await deps.store.subscriptions.saveStateWithDeliveries(step.state, stored?.sequence ?? 0, deliveries)) return deliveries;
  }
  throw new Error(`subscription ${sub.id}: state of ${score.subjectType} ${score.subjectId} kept changing under us`);
}

/**
 * Called by the scoring worker whenever it writes a changed score or supply score (event scoring and periodic re-scoring):
 * every active subscription of the tenant whose filter matches gets its pair evaluated; the deliveries
 * produced are durable in the store before they are queued, so a lost enqueue is only late (the notifier's
 * sweep re-queues it), never lost.
 */
export async function evaluateCrossings(deps: CrossingDeps, input: CrossingInput): Promise<Delivery[]> {
  const subject = watched(input);
  const subs = (await deps.store.subscriptions.listActive(subject.tenantId)).filter((s) =>
    matchesFilter(s, subject, subject.metric),
  );
  const deliveries: Delivery[] = [];
  for (const sub of subs) deliveries.push(...(await evaluatePair(deps, sub, input)));
  if (deliveries.length > 0)
    await deps.producers.enqueueWebhooks(deliveries.map((d) => ({ deliveryId: d.id, attempt: d.attempts })));
  return deliveries;
}
