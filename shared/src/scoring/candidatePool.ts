// @ts-expect-error TS1479: rbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import RBush from 'rbush';
import type { BBox, RiskEvent } from '../domain';
import { eventIdentityKey } from '../domain';
import { bboxOfGeometry, bboxesIntersect, plainBoxes } from '../geo/bbox';

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  event: RiskEvent;
}

/**
 * The candidate events of many subjects, fetched from the store in one query and then handed out per
 * subject with the store's own rule (ScoringCandidatesQuery): an event whose box meets one of the
 * subject's boxes, or a country-wide event of one of its countries — with every version of each identity
 * so matched. Scoring a flush of thousands of subjects then costs one store query instead of thousands.
 */
export class CandidatePool {
  private readonly tree = new RBush<Entry>();
  private readonly byCountry = new Map<string, RiskEvent[]>();
  private readonly versions = new Map<string, RiskEvent[]>();

  constructor(events: RiskEvent[]) {
    const entries: Entry[] = [];
    for (const e of events) {
      const key = eventIdentityKey(e);
      const list = this.versions.get(key);
      if (list) list.push(e);
      else this.versions.set(key, [e]);
      if (e.geometry === null) {
        for (const c of e.countryCodes) {
          const held = this.byCountry.get(c);
          if (held) held.push(e);
          else this.byCountry.set(c, [e]);
        }
        continue;
      }
      for (const [minX, minY, maxX, maxY] of plainBoxes(bboxOfGeometry(e.geometry)))
        entries.push({ minX, minY, maxX, maxY, event: e });
    }
    this.tree.load(entries);
  }

  /** The candidates of one subject, each version once, in the store's order (by id). */
  for(boxes: BBox[], countries: string[]): RiskEvent[] {
    const matched = new Set<string>();
    for (const box of boxes) {
      for (const [minX, minY, maxX, maxY] of plainBoxes(box)) {
        for (const hit of this.tree.search({ minX, minY, maxX, maxY })) {
          if (bboxesIntersect(box, bboxOfGeometry(hit.event.geometry!))) matched.add(eventIdentityKey(hit.event));
        }
      }
    }
    for (const c of countries) for (const e of this.byCountry.get(c) ?? []) matched.add(eventIdentityKey(e));
    const out: RiskEvent[] = [];
    for (const key of matched) out.push(...this.versions.get(key)!);
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
