import type { Contributor } from '../domain';
import { apportion } from './apportion';
import type { CountedEvent } from './counted';
import { round1 } from './levels';

export interface Explanation {
  /** The local component L rounded to 0.1; equals incidents + hazards exactly. */
  local: number;
  incidents: number;
  hazards: number;
  /** Each event's share of L, largest first, adding up to L (docs/scoring.md §3 "contributors"). */
  contributors: Contributor[];
}

/**
 * Splits L, rounded to 0.1, among the counted events in proportion to their weights, in whole tenths,
 * so that contributors, incidents and hazards add up exactly. For a route this is exact too: with each event
 * counted once, 1 − P = Π e^(−β·I_s) = e^(−β·Σw), so every event's share of P is its share of Σw.
 */
export function explain(counted: readonly CountedEvent[], localRaw: number): Explanation {
  const tenths = apportion(
    Math.round(localRaw * 10),
    counted.map((c) => c.weight),
  );
  let incidents = 0;
  let hazards = 0;
  const listed: { c: CountedEvent; t: number; order: number }[] = [];
  counted.forEach((c, i) => {
    const t = tenths[i]!;
    if (c.hazard) hazards += t;
    else incidents += t;
    if (t > 0) listed.push({ c, t, order: i });
  });
  listed.sort((a, b) => b.t - a.t || b.c.weight - a.c.weight || a.order - b.order);
  return {
    local: (incidents + hazards) / 10,
    incidents: incidents / 10,
    hazards: hazards / 10,
    contributors: listed.map(({ c, t }) => ({
      eventId: c.event.id,
      title: c.event.title,
      category: c.event.category,
      distanceKm: round1(c.distanceKm),
      ageDays: round1(c.ageDays),
      contribution: t / 10,
    })),
  };
}
