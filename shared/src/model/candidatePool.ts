// @ts-expect-error TS1479: rbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import RBush from 'rbush';
import type { BBox, RiskEvent } from '../domain';
import { eventIdentityKey } from '../domain';
import { bboxOfGeometry, bboxesIntersect, plainBoxes } from '../geo/bbox';
import { compareCodeUnits, inForce, newer, visibleTo } from './versions';

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** The event's tenant (null: global): the same for every version of its identity. */
  tenantId: string | null;
  /** The event's whole box (an entry holds one side of a box across the antimeridian). */
  box: BBox;
  /** The identity's rank in canonical (identity key) order. */
  identity: number;
}

/**
 * The candidate events of many subjects, fetched from the store in one query (for all their tenants, over
 * a cover of all their boxes) and then handed out per subject with the store's own rule
 * (ScoringCandidatesQuery): the identities visible to the subject's tenant of which some version's box
 * meets one of the subject's boxes, or which are country-wide in one of its countries. Versions are
 * resolved once per identity and instant, for every subject that shares them, exactly as `activeEvents`
 * resolves them from one subject's candidates. Scoring a flush of thousands of subjects then costs one store
 * query and one version resolution per event instead of thousands.
 *
 * Identities are handled by their rank in canonical order (their keys sorted once), so a subject's
 * candidates are deduplicated and put in canonical order as small integers, not strings.
 */
export class CandidatePool {
  private readonly tree = new RBush<Entry>();
  private readonly byCountry = new Map<string, { identity: number; tenantId: string | null }[]>();
  /** Every version of each identity, by rank. */
  private readonly versions: RiskEvent[][];
  /** Per instant, per rank: the version in force (null: none), once resolved. */
  private readonly resolved = new Map<number, (RiskEvent | null | undefined)[]>();
  /** Per rank, the last query that met it (deduplication without a Set). */
  private readonly seenBy: Uint32Array;
  private query = 0;

  constructor(events: readonly RiskEvent[]) {
    const byKey = new Map<string, RiskEvent[]>();
    for (const e of events) {
      const key = eventIdentityKey(e);
      const list = byKey.get(key);
      if (list) list.push(e);
      else byKey.set(key, [e]);
    }
    const keys = [...byKey.keys()].sort(compareCodeUnits);
    this.versions = keys.map((k) => byKey.get(k)!);
    this.seenBy = new Uint32Array(keys.length);
    const entries: Entry[] = [];
    this.versions.forEach((list, identity) => {
      for (const e of list) {
        if (e.geometry === null) {
          for (const c of e.countryCodes) {
            const held = this.byCountry.get(c);
            if (held) held.push({ identity, tenantId: e.tenantId });
            else this.byCountry.set(c, [{ identity, tenantId: e.tenantId }]);
          }
          continue;
        }
        const box = bboxOfGeometry(e.geometry);
        for (const [minX, minY, maxX, maxY] of plainBoxes(box))
          entries.push({ minX, minY, maxX, maxY, tenantId: e.tenantId, box, identity });
      }
    });
    this.tree.load(entries);
  }

  /** The identities that are candidates for one subject of this tenant, as ranks in canonical order. */
  identitiesFor(tenantId: string, boxes: readonly BBox[], countries: readonly string[]): readonly number[] {
    const query = ++this.query;
    const matched: number[] = [];
    const meet = (identity: number) => {
      if (this.seenBy[identity] === query) return;
      this.seenBy[identity] = query;
      matched.push(identity);
    };
    for (const box of boxes) {
      for (const [minX, minY, maxX, maxY] of plainBoxes(box)) {
        for (const hit of this.tree.search({ minX, minY, maxX, maxY })) {
          if (visibleTo(hit, tenantId) && bboxesIntersect(box, hit.box)) meet(hit.identity);
        }
      }
    }
    for (const c of countries) {
      for (const held of this.byCountry.get(c) ?? []) if (visibleTo(held, tenantId)) meet(held.identity);
    }
    return matched.sort((a, b) => a - b);
  }

  /** What counts at asOf among these identities, as `activeEvents` gives it from all their versions. */
  activeAt(identities: readonly number[], asOf: Date): RiskEvent[] {
    const t = asOf.getTime();
    let memo = this.resolved.get(t);
    if (memo === undefined) this.resolved.set(t, (memo = new Array<RiskEvent | null | undefined>(this.versions.length)));
    const out: RiskEvent[] = [];
    for (const identity of identities) {
      let e = memo[identity];
      if (e === undefined) {
        e = null;
        for (const v of this.versions[identity]!) if (Date.parse(v.knownAt) <= t && (e === null || newer(v, e))) e = v;
        if (e !== null && !inForce(e, asOf)) e = null;
        memo[identity] = e;
      }
      if (e !== null) out.push(e);
    }
    return out;
  }
}
