import type { Score, Subscription, SubscriptionState } from '../domain';
import { round1 } from '../model/levels';

export type CrossingDirection = 'up' | 'down';
export type CrossingEventType = 'risk.threshold.crossed' | 'risk.threshold.resolved';

/** What one transition sends: at most one event per evaluation of a pair. */
export interface Firing {
  type: CrossingEventType;
  /** The direction the score moved in this crossing (a resolution of an up crossing moves down). */
  direction: CrossingDirection;
  score: number;
  previousScore: number | null;
  /** The pair's new sequence: 1, 2, 3... one per event sent, so a receiver can see a gap or a reorder. */
  sequence: number;
}

export interface Transition {
  state: SubscriptionState;
  firing: Firing | null;
  /** False when nothing worth writing changed (the caller skips the store). */
  changed: boolean;
}

type SubscriptionRule = Pick<Subscription, 'threshold' | 'direction' | 'hysteresis' | 'pendingMinutes' | 'cooldownMinutes'>;

/** threshold ∓ hysteresis without binary noise (65.00000000000001 must not decide a resolution). */
function bandEdge(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A pair seen for the first time starts clear, remembering the subject's score before this change. */
export function initialState(
  sub: Pick<Subscription, 'tenantId' | 'id'>,
  subject: Pick<Score, 'subjectType' | 'subjectId'>,
  previousScore: number | null,
  now: Date,
): SubscriptionState {
  return {
    tenantId: sub.tenantId,
    subscriptionId: sub.id,
    subjectType: subject.subjectType,
    subjectId: subject.subjectId,
    state: 'clear',
    crossedDirection: null,
    pendingSince: null,
    lastScore: previousScore === null ? null : round1(previousScore),
    lastFiredAt: null,
    sequence: 0,
    updatedAt: now.toISOString(),
  };
}

/** docs/api.md: up means previousScore < threshold <= score; down is the mirror image. */
function crossingOf(previous: number, value: number, threshold: number): CrossingDirection | null {
  if (previous < threshold && value >= threshold) return 'up';
  if (previous >= threshold && value < threshold) return 'down';
  return null;
}

function stillBeyond(direction: CrossingDirection, value: number, threshold: number): boolean {
  return direction === 'up' ? value >= threshold : value < threshold;
}

/** Back past threshold ∓ hysteresis: below T − h after an up crossing, at or above T + h after a down one. */
function resolves(direction: CrossingDirection, value: number, rule: SubscriptionRule): boolean {
  return direction === 'up'
    ? value < bandEdge(rule.threshold - rule.hysteresis)
    : value >= bandEdge(rule.threshold + rule.hysteresis);
}

function minutesSince(iso: string, now: Date): number {
  return (now.getTime() - Date.parse(iso)) / 60_000;
}

/** The pending time has passed and the cooldown after the last crossing is over. */
function isDue(rule: SubscriptionRule, pendingSince: string, lastFiredAt: string | null, now: Date): boolean {
  const held = minutesSince(pendingSince, now) >= rule.pendingMinutes;
  const cooled = lastFiredAt === null || minutesSince(lastFiredAt, now) >= rule.cooldownMinutes;
  return held && cooled;
}

function settle(state: SubscriptionState, patch: Partial<SubscriptionState>, now: Date): Transition {
  const changed = (Object.keys(patch) as (keyof SubscriptionState)[]).some((k) => patch[k] !== state[k]);
  return { state: changed ? { ...state, ...patch, updatedAt: now.toISOString() } : state, firing: null, changed };
}

function fireCrossing(state: SubscriptionState, direction: CrossingDirection, value: number, now: Date): Transition {
  const at = now.toISOString();
  const sequence = state.sequence + 1;
  return {
    state: {
      ...state,
      state: 'beyond',
      crossedDirection: direction,
      pendingSince: null,
      lastScore: value,
      lastFiredAt: at,
      sequence,
      updatedAt: at,
    },
    // While a crossing was pending, lastScore kept the score from before it: that is the previous score.
    firing: { type: 'risk.threshold.crossed', direction, score: value, previousScore: state.lastScore, sequence },
    changed: true,
  };
}

function fireResolution(state: SubscriptionState, crossed: CrossingDirection, value: number, now: Date): Transition {
  const sequence = state.sequence + 1;
  return {
    state: {
      ...state,
      state: 'clear',
      crossedDirection: null,
      pendingSince: null,
      lastScore: value,
      sequence,
      updatedAt: now.toISOString(),
    },
    firing: {
      type: 'risk.threshold.resolved',
      direction: crossed === 'up' ? 'down' : 'up',
      score: value,
      previousScore: state.lastScore,
      sequence,
    },
    changed: true,
  };
}

/**
 * The threshold state machine of one (subscription, subject) pair, docs/api.md "Webhooks":
 * - clear: a crossing of the threshold in an allowed direction fires `crossed` (a subject's first score
 *   counts as coming from 0); with pendingMinutes the condition must still hold that long, and within
 *   cooldownMinutes of the last crossing it waits; while it waits, lastScore keeps the score before it.
 * - beyond: nothing until the score is back past threshold ∓ hysteresis, which fires one `resolved`
 *   (at once: pending and cooldown delay crossings, never the all-clear).
 * For `both`, a resolution is the only event on the way back; the next crossing starts from clear.
 */
export function nextState(sub: SubscriptionRule, state: SubscriptionState, score: Pick<Score, 'score'>, now: Date): Transition {
  const value = round1(score.score);
  if (state.state === 'beyond') {
    const crossed = state.crossedDirection ?? (sub.direction === 'down' ? 'down' : 'up');
    if (resolves(crossed, value, sub)) return fireResolution(state, crossed, value, now);
    return settle(state, { lastScore: value }, now);
  }
  const previous = state.lastScore ?? 0;
  if (state.pendingSince !== null) {
    // The pending crossing left the side lastScore is on.
    const pending: CrossingDirection = previous < sub.threshold ? 'up' : 'down';
    if (!stillBeyond(pending, value, sub.threshold)) return settle(state, { pendingSince: null, lastScore: value }, now);
    if (isDue(sub, state.pendingSince, state.lastFiredAt, now)) return fireCrossing(state, pending, value, now);
    return settle(state, {}, now);
  }
  const direction = crossingOf(previous, value, sub.threshold);
  if (direction === null || (sub.direction !== 'both' && sub.direction !== direction))
    return settle(state, { lastScore: value }, now);
  const since = now.toISOString();
  if (isDue(sub, since, state.lastFiredAt, now)) return fireCrossing(state, direction, value, now);
  return settle(state, { pendingSince: since }, now);
}
