import type {
  Level,
  ScoreResult,
  SupplyInput,
  SupplyInputRisk,
  SupplyResult,
  SupplyRouteScore,
  WhatIfRouteView,
} from '../domain';
import { apportion } from './apportion';
import { MODEL_V1 } from './config';
import { levelOf, round1 } from './levels';

/** Every parameter of the supply model (docs/scoring.md §6), versioned as a whole like `ModelConfig`. */
export interface SupplyConfig {
  /** Recorded beside a stored supply score; a variant of the config gets its own. */
  supplyModelVersion: string;
  /** μ: the mean outage length in days, in o_r = exp(−(bufferDays / share_r) / μ). Default 21. */
  meanOutageDays: number;
  /** Lower bounds of the levels above `low` (docs/scoring.md §3), applied to the score rounded to 0.1. */
  levelFloors: { level: Exclude<Level, 'low'>; from: number }[];
}

/** The reference supply model with its starting values, frozen: a variant is a new object with its own version. */
export const SUPPLY_V1: SupplyConfig = Object.freeze({
  supplyModelVersion: 'supply-1.0.0',
  meanOutageDays: 21,
  levelFloors: MODEL_V1.levelFloors,
});

/** d_r · o_r of one route carrying `share` of an input (0 for an alternate, whose share is 0). */
export function outageProbability(
  routeScore: number,
  share: number,
  bufferDays: number,
  config: SupplyConfig = SUPPLY_V1,
): number {
  if (!(share > 0)) return 0;
  const d = Math.min(1, Math.max(0, routeScore / 100));
  return d * Math.exp(-bufferDays / share / config.meanOutageDays);
}

function inputRisk(
  inp: SupplyInput,
  routes: ReadonlyMap<string, SupplyRouteScore>,
  config: SupplyConfig,
): { R: number; out: SupplyInputRisk } {
  const views = inp.routes.map((link) => {
    const view = routes.get(link.routeId);
    if (view === undefined) throw new Error(`supplyScore: route ${link.routeId} of input "${inp.input}" is not in the route map`);
    return { link, view, x: outageProbability(view.score, link.share, inp.bufferDays, config) };
  });
  // R = 1 − Π(1 − x) as −expm1(Σ log1p(−x)), exact for small x; a certain outage (x = 1) makes R = 1.
  const certain = views.some((v) => v.x >= 1);
  const logSurvival = views.reduce((s, v) => s + Math.log1p(-Math.min(v.x, 1)), 0);
  const R = certain ? 1 : Math.max(0, -Math.expm1(logSurvival));
  // Parts of 100·R in proportion to −ln(1 − x) (all of it to the certain routes), in whole tenths.
  const weights = views.map((v) => (certain ? (v.x >= 1 ? 1 : 0) : -Math.log1p(-v.x)));
  const tenths = apportion(Math.round(100 * R * 10), weights);
  return {
    R,
    out: {
      input: inp.input,
      bufferDays: inp.bufferDays,
      criticality: inp.criticality,
      risk: round1(100 * R),
      routes: views.map(({ link, view }, i) => ({
        routeId: link.routeId,
        name: view.name,
        share: link.share,
        maxShare: link.maxShare,
        routeScore: view.score,
        part: tenths[i]! / 10,
        worstSegment: view.worstSegment,
      })),
    },
  };
}

/**
 * The supply score of a site with a plan (docs/scoring.md §6): per input R = 1 − Π_r (1 − d_r·o_r) over its
 * routes with share > 0, S = 100·(1 − Π_inputs (1 − c·R)). Inputs and routes keep the plan's order;
 * alternates (share 0) are listed with part 0; an input with no routes has risk 0. `risk` and `part`s are
 * rounded to 0.1 and the parts of an input add up to its `risk` exactly (in tenths).
 *
 * A plan with no inputs scores 0; a site with no plan has no supply score at all (`null`, property S4):
 * that is the caller's to say, this function always needs a plan. Every route the plan names must be in
 * `routes` (a missing one is a programming error and throws).
 */
export function supplyScore(
  inputs: readonly SupplyInput[],
  routes: ReadonlyMap<string, SupplyRouteScore>,
  config: SupplyConfig = SUPPLY_V1,
): SupplyResult {
  let logSurvival = 0;
  let certain = false;
  const out: SupplyInputRisk[] = [];
  for (const inp of inputs) {
    const { R, out: risk } = inputRisk(inp, routes, config);
    const c = Math.min(1, Math.max(0, inp.criticality));
    if (c * R >= 1) certain = true;
    else logSurvival += Math.log1p(-c * R);
    out.push(risk);
  }
  const S = certain ? 100 : Math.max(0, -100 * Math.expm1(logSurvival));
  return { score: round1(S), level: levelOf(S, config), inputs: out };
}

/** What the supply model and the what-if read of a route's score (stored, or computed at `asOf`). */
export function supplyRouteScoreOf(
  route: { id: string; name: string },
  result: Pick<ScoreResult, 'score' | 'routeViews'>,
): SupplyRouteScore {
  return { routeId: route.id, name: route.name, score: result.score, worstSegment: result.routeViews?.worstSegment ?? null };
}

export function whatIfRouteViewOf(
  route: { id: string; name: string },
  result: Pick<ScoreResult, 'score' | 'level' | 'routeViews'>,
): WhatIfRouteView {
  return {
    id: route.id,
    name: route.name,
    score: result.score,
    level: result.level,
    worstSegment: result.routeViews?.worstSegment ?? null,
  };
}
