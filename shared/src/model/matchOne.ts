import type { RiskEvent, SubjectType } from '../domain';
import { SHIPPED_MODEL, type ModelConfig } from './config';
import type { PreparedSubject } from './prepare';
import { prepareEvent, type PreparedEvent } from './preparedEvent';
import { reachOf, type ReachOptions } from './reach';
import { compareCodeUnits as cmp, visibleTo } from './versions';

/** A subject an event reaches, with the exact distance at which it counts. */
export interface SubjectMatch {
  tenantId: string;
  type: SubjectType;
  id: string;
  distanceKm: number;
}

/** Whether the event can count for the subject: its tenant scope, then the model's own reach rule. */
export function matchOne(
  s: PreparedSubject,
  ev: PreparedEvent,
  config: ModelConfig,
  options: ReachOptions = {},
): SubjectMatch | null {
  if (!visibleTo(ev.event, s.tenantId)) return null;
  const r = reachOf(s, ev, config, options);
  return r === null ? null : { tenantId: s.tenantId, type: s.type, id: s.id, distanceKm: r.distanceKm };
}

/** Match lists come in no particular order (sorting thousands of matches is most of an advisory's cost): this gives one, (tenant, type, id). */
export function sortMatches(m: SubjectMatch[]): SubjectMatch[] {
  return m.sort((a, b) => cmp(a.tenantId, b.tenantId) || cmp(a.type, b.type) || cmp(a.id, b.id));
}

/**
 * Every event against every subject with exact distances to every site, segment and endpoint, no boxes:
 * the reference the spatial index must equal (tests, bench). `boxes: true` gives a linear scan that
 * skips by bounding boxes, for comparison.
 */
export function matchBruteForce(
  subjects: Iterable<PreparedSubject>,
  event: RiskEvent,
  config: ModelConfig = SHIPPED_MODEL,
  options: { boxes?: boolean } = {},
): SubjectMatch[] {
  const ev = prepareEvent(event, config);
  const out: SubjectMatch[] = [];
  for (const s of subjects) {
    const match = matchOne(s, ev, config, { boxes: options.boxes ?? false });
    if (match !== null) out.push(match);
  }
  return out;
}
