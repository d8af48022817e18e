import type { RiskEvent } from '../domain';
import type { ModelConfig } from './config';
import { isAdvisory } from './weight';

/** The strongest advisory level in force per country (docs/scoring.md §3), from already resolved, active events. */
export function advisoryLevels(active: readonly RiskEvent[]): Map<string, number> {
  const levels = new Map<string, number>();
  for (const e of active) {
    if (!isAdvisory(e) || e.advisoryLevel === null) continue;
    for (const c of e.countryCodes) levels.set(c, Math.max(levels.get(c) ?? 0, e.advisoryLevel));
  }
  return levels;
}

/** Country baseline B: level 1..4 → 10/30/55/80; 0 with no advisory. */
export function baselineOf(level: number | undefined, config: ModelConfig): number {
  if (level === undefined) return 0;
  return config.advisoryBaseline[level as 1 | 2 | 3 | 4] ?? 0;
}

/** The strongest baseline among countries (a segment across a border takes the stronger one). */
export function strongestBaseline(countries: readonly string[], levels: Map<string, number>, config: ModelConfig): number {
  let b = 0;
  for (const c of countries) b = Math.max(b, baselineOf(levels.get(c), config));
  return b;
}

/** score = 100·(1 − (1 − w·B/100)·(1 − L/100)): no news is not safety, a strong local signal dominates. */
export function combine(baseline: number, local: number, config: ModelConfig): number {
  return 100 * (1 - (1 - (config.baselineWeight * baseline) / 100) * (1 - local / 100));
}

/** L = 100·(1 − e^(−I/I0)). */
export function localComponent(intensity: number, config: ModelConfig): number {
  return 100 * (1 - Math.exp(-intensity / config.I0));
}

/** The countries of a subject with the advisory level in force, for the score and assessment. */
export function countriesWithLevels(
  codes: readonly string[],
  levels: Map<string, number>,
): { code: string; advisoryLevel: number | null }[] {
  return codes.map((code) => ({ code, advisoryLevel: levels.get(code) ?? null }));
}
