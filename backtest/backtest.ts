/**
 * One backtest run: replay the history through every model version and the search candidates, choose the
 * structural echo's parameters on the training years only, and evaluate everything on the test years.
 */
import type { Route } from '@minerisk/shared/domain';
import { MODEL_VERSIONS, SHIPPED_MODEL, withEcho, MODEL_V1, type ModelConfig } from '@minerisk/shared/model/config';
import type { RiskEvent } from '@minerisk/shared/domain';
import { baselines, evaluate, modelPredictor, splitSamples, trainingFit, type EvaluationSet, type Split } from './evaluate';
import { replay, type Cell, type ReplayOptions, type Sample } from './replay';

/** A run that cannot be made with these data and options (told to the user without a stack trace). */
export class BacktestInputError extends Error {
  override name = 'BacktestInputError';
}

export interface BacktestOptions {
  lagDays: number;
  split: Split;
  country: string;
  advisoryLevel: 1 | 2 | 3 | 4;
  outcomeKm: number;
  horizonDays: number;
  countDays: number;
  cellDeg: number;
  nearKm: number;
  routes: Route[];
  /** Run the parameter search (default true; the slice test turns it off). */
  search: boolean;
}

export const DEFAULTS: Omit<BacktestOptions, 'routes'> = {
  lagDays: 7,
  split: { trainFrom: '2020-01-01', testFrom: '2023-01-01', testTo: '2024-12-31' },
  country: 'ML',
  advisoryLevel: 4,
  outcomeKm: 50,
  horizonDays: 30,
  countDays: 90,
  cellDeg: 0.5,
  nearKm: 100,
  search: true,
};

/** The structural echo's search grid (weight × horizon in half-lives), all with h = 150 days. */
export const SEARCH = { weights: [0.25, 0.5, 1, 2, 4], horizonHalfLives: [3, 8] } as const;
/** Candidates within this training AUC of the best are equivalent: the simplest (smallest weight, then horizon) wins. */
export const SEARCH_TOLERANCE = 0.001;

export interface Candidate {
  config: ModelConfig;
  weight: number;
  horizonHalfLives: number;
  trainAuc: number;
  trainBrierSkill: number;
}

export interface BacktestResult {
  options: BacktestOptions;
  events: number;
  cells: Cell[];
  steps: string[];
  samples: Sample[];
  /** Sites (grid cells) only: the headline figures. */
  sites: EvaluationSet;
  /** Routes, when given. */
  routes: EvaluationSet | null;
  search: { candidates: Candidate[]; chosen: Candidate | null; shippedMatches: boolean | null };
  versions: ModelConfig[];
  shipped: string;
}

/** The first instant of the replay: 90 days after the training period starts, so the count baseline has its window. */
function replayStart(split: Split, countDays: number): Date {
  const from = new Date(`${split.trainFrom}T00:00:00Z`);
  return new Date(from.getTime() + countDays * 86_400_000);
}

/** The replay a backtest makes: monthly steps whose outcome window ends within the test period, the grid chosen before it. */
export function replayOptionsOf(options: BacktestOptions): ReplayOptions {
  // A step whose outcome window reaches past the test period's end has no complete outcome: it is left out.
  const lastStep = new Date(Date.parse(`${options.split.testTo}T00:00:00Z`) - (options.horizonDays - 1) * 86_400_000);
  return {
    from: replayStart(options.split, options.countDays),
    to: lastStep,
    country: options.country,
    advisoryLevel: options.advisoryLevel,
    cellDeg: options.cellDeg,
    nearKm: options.nearKm,
    gridBefore: new Date(`${options.split.testFrom}T00:00:00Z`),
    outcomeKm: options.outcomeKm,
    horizonDays: options.horizonDays,
    countDays: options.countDays,
    routes: options.routes,
  };
}

export function runBacktest(events: readonly RiskEvent[], options: BacktestOptions): BacktestResult {
  const candidates: Candidate[] = [];
  const searchConfigs: ModelConfig[] = [];
  if (options.search)
    for (const weight of SEARCH.weights)
      for (const horizonHalfLives of SEARCH.horizonHalfLives) {
        const config = withEcho(MODEL_V1, `search w=${weight} horizon=${horizonHalfLives}h`, { weight, horizonHalfLives });
        searchConfigs.push(config);
        candidates.push({ config, weight, horizonHalfLives, trainAuc: NaN, trainBrierSkill: NaN });
      }
  const versions = [...MODEL_VERSIONS];
  const replayOptions = replayOptionsOf(options);
  const { cells, steps, samples } = replay(events, [...versions, ...searchConfigs], replayOptions);

  const predictors = [...baselines(options.countDays, options.outcomeKm), ...versions.map((v) => modelPredictor(v.modelVersion))];
  const evaluateKind = (kind: Sample['subjectType']) => {
    const { train, test } = splitSamples(
      samples.filter((s) => s.subjectType === kind),
      options.split,
    );
    return { train, test, set: train.length > 0 && test.length > 0 ? evaluate(train, test, predictors) : null };
  };
  const sites = evaluateKind('site');
  if (sites.set === null)
    throw new BacktestInputError(
      'no grid cell has samples in both the training and the test period: check --train-from, --test-from, --test-to and the event file',
    );
  const routes = options.routes.length > 0 ? evaluateKind('route').set : null;

  let chosen: Candidate | null = null;
  if (candidates.length > 0) {
    // Training years only: the test years are never looked at to choose.
    for (const c of candidates) Object.assign(c, trainingFit(sites.train, modelPredictor(c.config.modelVersion)));
    const best = Math.max(...candidates.map((c) => c.trainAuc));
    chosen = candidates.find((c) => c.trainAuc >= best - SEARCH_TOLERANCE) ?? null;
  }
  const echo = SHIPPED_MODEL.structuralEcho;
  const shippedMatches =
    chosen === null || echo === undefined
      ? null
      : echo.weight === chosen.weight && echo.horizonHalfLives === chosen.horizonHalfLives;
  return {
    options,
    events: events.length,
    cells,
    steps: steps.map((s) => s.toISOString().slice(0, 10)),
    samples,
    sites: sites.set,
    routes,
    search: { candidates, chosen, shippedMatches },
    versions,
    shipped: SHIPPED_MODEL.modelVersion,
  };
}
