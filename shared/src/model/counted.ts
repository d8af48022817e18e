import type { RiskEvent } from '../domain';
import type { ModelConfig } from './config';
import type { PreparedSubject } from './prepare';
import { prepareEvent } from './preparedEvent';
import { reachOf } from './reach';
import { ageDays, distanceKernel, echoFactor, isHazard, timeFactor } from './weight';

/** One event as it counts for one subject: w = m · k(d) · τ(age) (docs/scoring.md §2). */
export interface CountedEvent {
  event: RiskEvent;
  hazard: boolean;
  distanceKm: number;
  ageDays: number;
  /** The route segment it counts at; null for a site. */
  segmentIndex: number | null;
  /** w, the structural echo included. */
  weight: number;
  /** The part of w that is the structural echo (0 without one). */
  structuralWeight: number;
}

/** The weights of the active, non-advisory events that reach the subject, in the order given (canonical). */
export function countedEvents(
  subject: PreparedSubject,
  active: readonly RiskEvent[],
  asOf: Date,
  config: ModelConfig,
): CountedEvent[] {
  const out: CountedEvent[] = [];
  const t = asOf.getTime();
  for (const e of active) {
    const ev = prepareEvent(e, config);
    if (ev.advisory) continue;
    const age = ageDays(ev.observedMs, t);
    const fast = ev.magnitude * timeFactor(e, age, config);
    const slow = ev.magnitude * echoFactor(e, age, config);
    if (!(fast + slow > 0)) continue;
    const reach = reachOf(subject, ev, config);
    if (reach === null) continue;
    const k = distanceKernel(reach.distanceKm, reach.lambdaKm);
    const weight = (fast + slow) * k;
    if (weight > 0) {
      out.push({
        event: e,
        hazard: isHazard(e.category),
        distanceKm: reach.distanceKm,
        ageDays: age,
        segmentIndex: reach.segmentIndex,
        weight,
        structuralWeight: slow * k,
      });
    }
  }
  return out;
}
