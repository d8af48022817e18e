import type { Contributor, ScoreComponents } from '../domain';
import { apportion } from './apportion';
import type { ModelConfig } from './config';
import type { CountedEvent } from './counted';
import { round1 } from './levels';

export interface Explanation {
  /** The local component L rounded to 0.1; equals incidents + hazards + structural exactly. */
  local: number;
  incidents: number;
  hazards: number;
  /** The structural echo's share of L (docs/scoring.md §2; 0 in 1.0.0). */
  structural: number;
  /** Each event's share of L, largest first, adding up to L (docs/scoring.md §3 "contributors"). */
  contributors: Contributor[];
}

/**
 * Splits L, rounded to 0.1, among the counted events in proportion to their weights, in whole tenths,
 * so that contributors, incidents, hazards and structural add up exactly. Each event's weight is split in two
 * parts, its fast term and its structural echo, apportioned together; its contribution is the sum of both.
 * For a route this is exact too: with each event counted once, 1 − P = Π e^(−β·I_s) = e^(−β·Σw), so every
 * event's share of P is its share of Σw.
 */
export function explain(counted: readonly CountedEvent[], localRaw: number): Explanation {
  const tenths = apportion(
    Math.round(localRaw * 10),
    counted.flatMap((c) => [c.weight - c.structuralWeight, c.structuralWeight]),
  );
  let incidents = 0;
  let hazards = 0;
  let structural = 0;
  const listed: { c: CountedEvent; t: number; order: number }[] = [];
  counted.forEach((c, i) => {
    const fast = tenths[2 * i]!;
    const slow = tenths[2 * i + 1]!;
    if (c.hazard) hazards += fast;
    else incidents += fast;
    structural += slow;
    if (fast + slow > 0) listed.push({ c, t: fast + slow, order: i });
  });
  listed.sort((a, b) => b.t - a.t || b.c.weight - a.c.weight || a.order - b.order);
  return {
    local: (incidents + hazards + structural) / 10,
    incidents: incidents / 10,
    hazards: hazards / 10,
    structural: structural / 10,
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

/** The score's components: `structural` only for a model with the structural echo (1.0.0's shape unchanged). */
export function componentsOf(
  baseline: number,
  incidents: number,
  hazards: number,
  structural: number,
  config: Pick<ModelConfig, 'structuralEcho'>,
): ScoreComponents {
  const components: ScoreComponents = { baseline: round1(baseline), incidents, hazards };
  if (config.structuralEcho !== undefined) components['structural'] = structural;
  return components;
}
