import { eventIdentityKey, type Contributor, type RiskEvent, type ScoreResult } from '../domain';
import { apportionSigned } from './apportionSigned';
import type { ModelConfig } from './config';
import { countedEvents, type CountedEvent } from './counted';
import { round1 } from './levels';
import type { PreparedSubject } from './prepare';
import { activeEvents, inForce, resolveVersions } from './versions';

/** One side of a change: the score at an instant and the candidate events it was computed from. */
export interface ScoreAt {
  result: ScoreResult;
  events: readonly RiskEvent[];
  asOf: Date;
}

/** Why an event's weight moved between the two instants. */
export type ChangeReason = 'new' | 'updated' | 'decayed' | 'cancelled' | 'ended' | 'expired';

/** A contributor that entered or left, with its share of the score's change (score points, 0.01). */
export interface MovedContributor extends Contributor {
  attribution: number;
  reason: ChangeReason;
}

/** An event counted at both instants whose own weight changed: its contributions before and after. */
export interface ChangedContributor {
  eventId: string;
  title: string;
  category: string;
  before: number;
  after: number;
  attribution: number;
  reason: ChangeReason;
}

/** docs/outputs.md "Explain the change": why a score moved between two instants. */
export interface ScoreChange {
  delta: number;
  /** Each component's share of `delta` (score points); they add up to `delta` exactly. */
  components: { baseline: number; incidents: number; hazards: number };
  /** The plain differences of the component values (to − from), which do not add up to `delta`. */
  componentDeltas: { baseline: number; incidents: number; hazards: number };
  entered: MovedContributor[];
  left: MovedContributor[];
  changed: ChangedContributor[];
}

const WEIGHT_EPSILON = 1e-12;

function weightMoved(before: number, after: number): boolean {
  return Math.abs(after - before) > WEIGHT_EPSILON * Math.max(1, before);
}

/** y = L/100 (site) or P (route) as a function of the total weight W: 1 − e^(−k·W). */
function localRate(subject: PreparedSubject, config: ModelConfig): number {
  return subject.type === 'site' ? 1 / config.I0 : config.beta;
}

function countedAt(subject: PreparedSubject, side: ScoreAt, config: ModelConfig): Map<string, CountedEvent> {
  const active = activeEvents(side.events, side.asOf, subject.tenantId);
  return new Map(countedEvents(subject, active, side.asOf, config).map((c) => [eventIdentityKey(c.event), c]));
}

/**
 * Why an identity counted at `from` no longer counts at `to`: its newest version says so, or a newer version
 * no longer reaches the subject, or it has aged past the model's horizon (also when the store no longer
 * returns it as a candidate for that reason).
 */
function leftReason(now: RiskEvent | undefined, before: RiskEvent, to: Date): ChangeReason {
  if (now === undefined) return 'decayed';
  if (now.status === 'cancelled') return 'cancelled';
  if (now.status === 'ended') return 'ended';
  if (!inForce(now, to)) return 'expired';
  if (now.id !== before.id) return 'updated';
  return 'decayed';
}

function contributionOf(result: ScoreResult, eventId: string): number {
  return result.contributors.find((c) => c.eventId === eventId)?.contribution ?? 0;
}

function contributorOf(c: CountedEvent, result: ScoreResult): Contributor {
  return {
    eventId: c.event.id,
    title: c.event.title,
    category: c.event.category,
    distanceKm: round1(c.distanceKm),
    ageDays: round1(c.ageDays),
    contribution: contributionOf(result, c.event.id),
  };
}

/**
 * Explains `to.score − from.score` (docs/outputs.md). score/100 = x + y − x·y with x = 0.6·B/100 and
 * y = L/100 (P for a route): the change is split between the two components by their Shapley values,
 * φ_B = Δx·(1 − ȳ) and φ_L = Δy·(1 − x̄) (bars: the mean of both instants), which add up to the change exactly.
 * y depends on the events only through their total weight W (y = 1 − e^(−k·W)), so φ_L is split among the
 * events by their weight changes, φ_e = φ_L·Δw_e/ΔW (Aumann–Shapley along the straight path; when ΔW = 0 the
 * limit y'(W)·Δw_e, whose parts add up to 0). The parts are then rounded to 0.01 so that they add up to the
 * reported delta (the difference of the two rounded scores) exactly.
 */
export function explainChange(subject: PreparedSubject, from: ScoreAt, to: ScoreAt, config: ModelConfig): ScoreChange {
  const before = countedAt(subject, from, config);
  const after = countedAt(subject, to, config);
  const k = localRate(subject, config);
  const total = (m: Map<string, CountedEvent>) => [...m.values()].reduce((s, c) => s + c.weight, 0);
  const w0 = total(before);
  const w1 = total(after);
  const y0 = 1 - Math.exp(-k * w0);
  const y1 = 1 - Math.exp(-k * w1);
  const x0 = (config.baselineWeight * from.result.components.baseline) / 100;
  const x1 = (config.baselineWeight * to.result.components.baseline) / 100;
  const baselineShare = 100 * (x1 - x0) * (1 - (y0 + y1) / 2);
  const localShare = 100 * (y1 - y0) * (1 - (x0 + x1) / 2);

  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const dW = w1 - w0;
  const perWeight = Math.abs(dW) > WEIGHT_EPSILON ? localShare / dW : 100 * k * Math.exp(-k * w0) * (1 - (x0 + x1) / 2);
  // An event whose weight did not move (within float noise) gets exactly 0, so it is neither listed nor given a part.
  const raw = keys.map((key) => {
    const a = before.get(key)?.weight ?? 0;
    const b = after.get(key)?.weight ?? 0;
    return weightMoved(a, b) ? (b - a) * perWeight : 0;
  });

  const delta = round1(to.result.score - from.result.score);
  const hundredths = apportionSigned(Math.round(delta * 100), [baselineShare * 100, ...raw.map((r) => r * 100)]);
  const share = (i: number) => hundredths[i]! / 100;

  const knownAtFrom = new Set(resolveVersions(from.events, from.asOf, subject.tenantId).map(eventIdentityKey));
  const resolvedAtTo = new Map(resolveVersions(to.events, to.asOf, subject.tenantId).map((e) => [eventIdentityKey(e), e]));
  const entered: MovedContributor[] = [];
  const left: MovedContributor[] = [];
  const changed: ChangedContributor[] = [];
  let incidents = 0;
  let hazards = 0;
  keys.forEach((key, i) => {
    const a = before.get(key);
    const b = after.get(key);
    const attribution = share(i + 1);
    if ((b ?? a)!.hazard) hazards += hundredths[i + 1]!;
    else incidents += hundredths[i + 1]!;
    if (a === undefined) {
      entered.push({ ...contributorOf(b!, to.result), attribution, reason: knownAtFrom.has(key) ? 'updated' : 'new' });
    } else if (b === undefined) {
      left.push({ ...contributorOf(a, from.result), attribution, reason: leftReason(resolvedAtTo.get(key), a.event, to.asOf) });
    } else if (weightMoved(a.weight, b.weight)) {
      changed.push({
        eventId: b.event.id,
        title: b.event.title,
        category: b.event.category,
        before: contributionOf(from.result, a.event.id),
        after: contributionOf(to.result, b.event.id),
        attribution,
        reason: a.event.id === b.event.id ? 'decayed' : 'updated',
      });
    }
  });
  const largestFirst = (p: { attribution: number; eventId: string }, q: { attribution: number; eventId: string }) =>
    Math.abs(q.attribution) - Math.abs(p.attribution) || (p.eventId < q.eventId ? -1 : p.eventId > q.eventId ? 1 : 0);
  const diff = (name: 'baseline' | 'incidents' | 'hazards') => round1(to.result.components[name] - from.result.components[name]);
  return {
    delta,
    components: { baseline: share(0), incidents: incidents / 100, hazards: hazards / 100 },
    componentDeltas: { baseline: diff('baseline'), incidents: diff('incidents'), hazards: diff('hazards') },
    entered: entered.sort(largestFirst),
    left: left.sort(largestFirst),
    changed: changed.sort(largestFirst),
  };
}
