import { eventIdentityKey, type RiskEvent } from '../domain';

/** Whether an event counts for a subject of this tenant: global feed events count for everyone. */
export function visibleTo(e: Pick<RiskEvent, 'tenantId'>, tenantId: string): boolean {
  return e.tenantId === null || e.tenantId === tenantId;
}

/**
 * Newer version first; among duplicates of one version, the smallest id (and, should two records even share
 * an id, the smaller content), so the choice never depends on input order.
 */
export function newer(a: RiskEvent, b: RiskEvent): boolean {
  if (a.version !== b.version) return a.version > b.version;
  if (a.id !== b.id) return a.id < b.id;
  return JSON.stringify(a) < JSON.stringify(b);
}

/**
 * The canonical order of identity keys (and of the other keys scoring sorts by): UTF-16 code units, the same
 * on every machine whatever its locale. What must list events in the same order (resolveVersions and the
 * CandidatePool) sorts with it.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The version of each identity in force at asOf (knowledge time: only versions with knownAt <= asOf),
 * one per identity, in canonical (identity) order. Status is not applied here: see `inForce`.
 */
export function resolveVersions(events: readonly RiskEvent[], asOf: Date, tenantId: string): RiskEvent[] {
  const t = asOf.getTime();
  const byIdentity = new Map<string, RiskEvent>();
  for (const e of events) {
    if (!visibleTo(e, tenantId) || Date.parse(e.knownAt) > t) continue;
    const key = eventIdentityKey(e);
    const held = byIdentity.get(key);
    if (held === undefined || newer(e, held)) byIdentity.set(key, e);
  }
  return [...byIdentity.entries()].sort(([a], [b]) => compareCodeUnits(a, b)).map(([, e]) => e);
}

/** Whether a resolved version still counts: not cancelled, not ended, not past its validTo (docs/scoring.md §2). */
export function inForce(e: RiskEvent, asOf: Date): boolean {
  if (e.status === 'cancelled' || e.status === 'ended') return false;
  return e.validTo === null || Date.parse(e.validTo) >= asOf.getTime();
}

/** The events that count at asOf: newest known version per identity, still in force. */
export function activeEvents(events: readonly RiskEvent[], asOf: Date, tenantId: string): RiskEvent[] {
  return resolveVersions(events, asOf, tenantId).filter((e) => inForce(e, asOf));
}
