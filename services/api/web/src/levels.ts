import { levelOf as modelLevelOf } from '@minerisk/shared/model/levels';
import type { Level } from './types';

/** ColorBrewer YlOrRd, five classes (colour-blind safe, sequential); the word always goes with it. */
export const LEVEL_COLOURS: Record<Level, string> = {
  low: '#ffffb2',
  moderate: '#fecc5c',
  elevated: '#fd8d3c',
  high: '#f03b20',
  severe: '#bd0026',
};
export const LEVELS: Level[] = ['low', 'moderate', 'elevated', 'high', 'severe'];
/** Score ranges of the levels (docs/scoring.md): low < 20 ≤ moderate < 40 ≤ elevated < 60 ≤ high < 80 ≤ severe. */
export const LEVEL_RANGES: Record<Level, string> = {
  low: '0–20',
  moderate: '20–40',
  elevated: '40–60',
  high: '60–80',
  severe: '80–100',
};
/** Not scored yet. */
export const NO_SCORE_COLOUR = '#9e9e9e';

/** The level of a score the API gave without one (supply scores in the list, segments), as the model sets it. */
export function levelOf(score: number): Level {
  return modelLevelOf(score);
}
export function colourOf(score: number | null | undefined): string {
  return score === null || score === undefined ? NO_SCORE_COLOUR : LEVEL_COLOURS[levelOf(score)];
}
