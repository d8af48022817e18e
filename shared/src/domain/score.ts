import type { SubjectType } from './subject';

export const LEVELS = ['low', 'moderate', 'elevated', 'high', 'severe'] as const;
export type Level = (typeof LEVELS)[number];

export interface Contributor {
  eventId: string;
  title: string;
  category: string;
  distanceKm: number;
  ageDays: number;
  contribution: number;
}

export interface ScoreComponents {
  /** Advisory baseline B (docs/scoring.md §3): 0 with no advisory. */
  baseline: number;
  /** incidents + hazards = the local component L (for routes: P·100). */
  incidents: number;
  hazards: number;
  [extra: string]: number;
}

export interface SegmentScore {
  fromKm: number;
  toKm: number;
  score: number;
  countries: string[];
  baseline: number;
  local: number;
}

/** The route views of docs/scoring.md §4. */
export interface RouteViews {
  worstSegment: { fromKm: number; toKm: number; score: number } | null;
  lengthWeightedMean: number;
  transitProbability: number;
  baseline: number;
}

/** What the model computes; pure data. */
export interface ScoreResult {
  score: number;
  level: Level;
  components: ScoreComponents;
  contributors: Contributor[];
  segments?: SegmentScore[];
  routeViews?: RouteViews;
  /** Countries touched by the subject with the advisory level in force (null: none). */
  countries: { code: string; advisoryLevel: number | null }[];
  asOf: string;
  modelVersion: string;
}

/** A stored current score of one subject. */
export interface Score extends ScoreResult {
  tenantId: string;
  subjectType: SubjectType;
  subjectId: string;
  trend: { delta7d: number };
  computedAt: string;
  /** Compare-and-set guard: the subject's change sequence this score was computed from. */
  basedOnSeq: number;
}

export interface ScoreHistoryPoint {
  tenantId: string;
  subjectType: SubjectType;
  subjectId: string;
  t: string;
  score: number;
  modelVersion: string;
}
