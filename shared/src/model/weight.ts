import type { RiskEvent } from '../domain';
import type { CategoryParams, ModelConfig } from './config';

const DAY_MS = 86_400_000;
const HAZARD_PREFIX = 'natural-hazard';

/** Every `natural-hazard/<type>` is a hazard (the `hazards` component); the rest are security incidents. */
export function isHazard(category: string): boolean {
  return category === HAZARD_PREFIX || category.startsWith(`${HAZARD_PREFIX}/`);
}

export function isAdvisory(e: Pick<RiskEvent, 'category'>): boolean {
  return e.category === 'travel-advisory';
}

/** The category's parameters, a hazard type falling back to `natural-hazard`, overridden by the subcategory. */
export function categoryParams(e: Pick<RiskEvent, 'category' | 'subcategory'>, config: ModelConfig): CategoryParams {
  const own = config.categories[e.category] ??
    (isHazard(e.category) ? config.categories[HAZARD_PREFIX] : undefined) ??
    config.categories['other'] ?? { base: 0, lambdaKm: { site: 1, segment: 1 } };
  const sub = e.subcategory === null ? undefined : config.subcategories[e.subcategory];
  if (sub === undefined) return own;
  return { base: sub.base ?? own.base, lambdaKm: sub.lambdaKm ?? own.lambdaKm };
}

/** m = base · severity · certainty · (1 + 0.5·ln(1 + fatalities)) · targets (docs/scoring.md §2). */
export function magnitude(e: RiskEvent, config: ModelConfig): number {
  const { base } = categoryParams(e, config);
  let targets = 1;
  for (const t of e.targets) targets = Math.max(targets, config.targetMultipliers[t] ?? 1);
  return base * e.severity01 * e.certainty01 * (1 + config.fatalityFactor * Math.log1p(e.fatalities)) * targets;
}

/** Age in days at asOf; an event dated after asOf (a forecast, a clock skew) is age 0. */
export function ageDays(observedMs: number, asOfMs: number): number {
  return Math.max(0, (asOfMs - observedMs) / DAY_MS);
}

/** τ(age): incidents and structural signals halve every h days and vanish past the horizon; states hold. */
export function timeFactor(e: Pick<RiskEvent, 'persistence'>, age: number, config: ModelConfig): number {
  if (e.persistence === 'state') return 1;
  const h = config.halfLifeDays[e.persistence];
  if (age > config.horizonHalfLives * h) return 0;
  return Math.pow(2, -age / h);
}

/**
 * The structural echo of a security incident at this age (docs/scoring.md §2, h ≈ 150 days): 0 without an
 * echo in the config, for hazards, states and structural signals (which already decay slowly), and past its horizon.
 */
export function echoFactor(e: Pick<RiskEvent, 'persistence' | 'category'>, age: number, config: ModelConfig): number {
  const echo = config.structuralEcho;
  if (echo === undefined || e.persistence !== 'incident' || isHazard(e.category)) return 0;
  const h = config.halfLifeDays.structural;
  if (age > echo.horizonHalfLives * h) return 0;
  return echo.weight * Math.pow(2, -age / h);
}

/** k(d) = exp(-d/λ); the cut-off is applied where reach is decided. */
export function distanceKernel(distanceKm: number, lambdaKm: number): number {
  return Math.exp(-distanceKm / lambdaKm);
}
