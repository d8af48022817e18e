import type { EventTarget, Level } from '../domain';

/** How much one kind of event weighs and how far it reaches (docs/scoring.md §2). */
export interface CategoryParams {
  /** base(category): the magnitude of a certain, severe event of this kind. */
  base: number;
  /** λ of k(d) = exp(-d/λ), in km, measured from a site (and an air or sea endpoint) and from a route segment. */
  lambdaKm: { site: number; segment: number };
}

/** Every parameter of the model, versioned as a whole: a stored score records `modelVersion`. */
export interface ModelConfig {
  modelVersion: string;
  /** Per category of docs/scoring.md §1; `natural-hazard` is the default of every `natural-hazard/<type>`. */
  categories: Record<string, CategoryParams>;
  /** Finer types (the event's `subcategory`) that override their category's parameters. */
  subcategories: Record<string, Partial<CategoryParams>>;
  /** Targets that matter most to a mining supply chain; the largest applying multiplier is used. */
  targetMultipliers: Partial<Record<EventTarget, number>>;
  /** m grows with `1 + fatalityFactor·ln(1 + fatalities)`. */
  fatalityFactor: number;
  /** Half-lives of τ(age) = 2^(-age/h) in days; states hold full weight until they end. */
  halfLifeDays: { incident: number; structural: number };
  /** A decaying event older than this many half-lives is ignored (τ < 1/256). */
  horizonHalfLives: number;
  /** Incidents (and their structural echo) observed longer ago than this never count: how far back the store must look (derived). */
  horizonDays: number;
  /** k(d) is cut off at cutoffLambdas·λ. */
  cutoffLambdas: number;
  /** L = 100·(1 − e^(−I/I0)). */
  I0: number;
  /** p_s = 1 − e^(−β·I_s) on a route segment. */
  beta: number;
  /** score = 100·(1 − (1 − baselineWeight·B/100)·(1 − L/100)): the baseline alone never exceeds 48. */
  baselineWeight: number;
  /** Advisory level 1..4 → baseline B. */
  advisoryBaseline: Record<1 | 2 | 3 | 4, number>;
  /** Lower bounds of the levels above `low`, applied to the score rounded to 0.1. */
  levelFloors: { level: Exclude<Level, 'low'>; from: number }[];
  /** Route segments of ≈ this length. */
  segmentKm: number;
  /** Country lookups at least this often along a segment. */
  countrySampleKm: number;
  /** How far from an air route's airports (and a sea route's ports) events count. */
  endpointReachKm: number;
  /** An event with only `countryCodes` counts for subjects in those countries as if this far away. */
  countryWideDistanceKm: number;
  /** Hazard types (after `natural-hazard/`) that count along a sea route's path, besides maritime events. */
  seaPathHazards: string[];
  /**
   * The slow, structural term of docs/scoring.md §2 (1.1.0 on): each security incident also counts
   * `weight`·m·k(d)·2^(−age/halfLifeDays.structural), for `horizonHalfLives` half-lives, in its own
   * component `structural`, so that `incidents` keeps its fast decay. Absent (1.0.0): no such term.
   */
  structuralEcho?: { weight: number; horizonHalfLives: number };
}

const HALF_LIFE_DAYS = { incident: 14, structural: 150 };
const HORIZON_HALF_LIVES = 8;

const p = (base: number, site: number, segment: number): CategoryParams => ({ base, lambdaKm: { site, segment } });

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * The reference model of docs/scoring.md with its starting values, frozen: a variant is a new object with its
 * own `modelVersion` (`{ ...MODEL_V1, modelVersion: '1.1.0', I0: 3 }`), since stored scores record it.
 */
export const MODEL_V1: ModelConfig = deepFreeze({
  modelVersion: '1.0.0',
  categories: {
    'armed-conflict': p(0.8, 30, 12),
    attack: p(1.0, 30, 12),
    kidnapping: p(0.9, 25, 10),
    blockade: p(1.0, 30, 12),
    unrest: p(0.3, 10, 5),
    crime: p(0.3, 10, 5),
    health: p(0.2, 50, 25),
    infrastructure: p(0.4, 15, 8),
    other: p(0.1, 10, 5),
    'natural-hazard': p(0.8, 40, 20),
    'natural-hazard/earthquake': p(0.8, 50, 30),
    'natural-hazard/tropical-cyclone': p(0.8, 60, 40),
    'natural-hazard/flood': p(0.7, 20, 10),
    'natural-hazard/volcano': p(0.8, 30, 20),
    'natural-hazard/wildfire': p(0.5, 10, 5),
    'natural-hazard/drought': p(0.4, 50, 50),
    'natural-hazard/tsunami': p(0.9, 30, 20),
    'natural-hazard/landslide': p(0.6, 10, 5),
    'natural-hazard/storm': p(0.5, 30, 20),
    'natural-hazard/tornado': p(0.7, 10, 5),
    'natural-hazard/winter-storm': p(0.4, 40, 30),
    'natural-hazard/dust-storm': p(0.3, 50, 30),
    'natural-hazard/heat': p(0.2, 50, 50),
    'natural-hazard/air-quality': p(0.1, 30, 30),
  },
  subcategories: {
    'territory-seized': { base: 1.2, lambdaKm: { site: 40, segment: 20 } },
    'territory-regained': { base: 0.6 },
    'armed-clash': { base: 0.8 },
    'air-strike': { base: 0.8 },
    shelling: { base: 0.8 },
    'road-attack': { base: 1.0 },
    'convoy-attack': { base: 1.0 },
    ied: { base: 1.0 },
    'suicide-bomb': { base: 1.0 },
    grenade: { base: 0.6 },
    abduction: { base: 0.9 },
    blockade: { base: 1.0 },
    riot: { base: 0.3 },
    'violent-demonstration': { base: 0.3 },
    'mob-violence': { base: 0.3 },
    looting: { base: 0.3 },
    protest: { base: 0.05, lambdaKm: { site: 4, segment: 4 } },
    'peaceful-protest': { base: 0.05, lambdaKm: { site: 4, segment: 4 } },
    arrests: { base: 0.05 },
    // A signed agreement is news, not risk.
    agreement: { base: 0 },
  },
  targetMultipliers: { fuel: 1.5, logistics: 1.3, mining: 1.3, transport: 1.2 },
  fatalityFactor: 0.5,
  halfLifeDays: HALF_LIFE_DAYS,
  horizonHalfLives: HORIZON_HALF_LIVES,
  horizonDays: HORIZON_HALF_LIVES * HALF_LIFE_DAYS.incident,
  cutoffLambdas: 3,
  I0: 2,
  beta: 0.35,
  baselineWeight: 0.6,
  advisoryBaseline: { 1: 10, 2: 30, 3: 55, 4: 80 },
  levelFloors: [
    { level: 'moderate', from: 20 },
    { level: 'elevated', from: 40 },
    { level: 'high', from: 60 },
    { level: 'severe', from: 80 },
  ],
  segmentKm: 25,
  countrySampleKm: 5,
  endpointReachKm: 30,
  countryWideDistanceKm: 25,
  seaPathHazards: ['tropical-cyclone', 'tsunami', 'storm'],
});

/** The echo's weight and horizon for 1.1.0, chosen on 2020–2022 by `npm run backtest` (docs/backtest.md). */
const ECHO = { weight: 0.5, horizonHalfLives: 3 };

/**
 * 1.1.0: MODEL_V1 plus the structural echo of incidents (h = 150 days). I0 and β are scaled by (1 + weight),
 * so that a fresh incident weighs what it did in 1.0.0 (the worked figures of docs/scoring.md hold) while an
 * old one fades over months instead of weeks. Backtested on UCDP GED Mali 2023–2024 in docs/backtest.md.
 */
export const MODEL_V1_1: ModelConfig = deepFreeze(withEcho(MODEL_V1, '1.1.0', ECHO));

/** A config with a structural echo, I0 and β scaled so that a fresh incident weighs the same (used by the backtest's search). */
export function withEcho(
  base: ModelConfig,
  modelVersion: string,
  echo: { weight: number; horizonHalfLives: number },
): ModelConfig {
  return {
    ...base,
    modelVersion,
    I0: base.I0 * (1 + echo.weight),
    beta: base.beta / (1 + echo.weight),
    structuralEcho: echo,
    horizonDays: Math.max(base.horizonDays, echo.horizonHalfLives * base.halfLifeDays.structural),
  };
}

/** Every model version this code can compute, oldest first. */
export const MODEL_VERSIONS: readonly ModelConfig[] = [MODEL_V1, MODEL_V1_1];

/** The version the services score with (and re-score every stored score with when it changes). */
export const SHIPPED_MODEL: ModelConfig = MODEL_V1_1;
