import type { Level } from '../domain';
import { SHIPPED_MODEL, type ModelConfig } from './config';

/** Rounded to 0.1, as docs/api.md rounds scores and components before levels and thresholds. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** low < 20 ≤ moderate < 40 ≤ elevated < 60 ≤ high < 80 ≤ severe, on the score rounded to 0.1. */
export function levelOf(score: number, config: Pick<ModelConfig, 'levelFloors'> = SHIPPED_MODEL): Level {
  const rounded = round1(score);
  let level: Level = 'low';
  for (const f of config.levelFloors) if (rounded >= f.from) level = f.level;
  return level;
}
