import type { RiskEvent, RouteViews, ScoreResult, SegmentScore } from '../domain';
import { baselineOf, combine, countriesWithLevels, localComponent, strongestBaseline } from './baseline';
import type { ModelConfig } from './config';
import { countedEvents } from './counted';
import { componentsOf, explain } from './explain';
import { levelOf, round1 } from './levels';
import type { PreparedRoute } from './prepare';

/**
 * Each segment's baseline: the strongest advisory among the countries it crosses. An air route answers to
 * its airports' countries only: every segment carries the mean of its endpoints' baselines.
 */
function segmentBaselines(r: PreparedRoute, levels: Map<string, number>, config: ModelConfig): number[] {
  if (r.mode !== 'air') return r.segments.map((s) => strongestBaseline(s.countries, levels, config));
  const ends = r.endpoints.map((e) => (e.country === null ? 0 : baselineOf(levels.get(e.country), config)));
  const mean = ends.reduce((a, b) => a + b, 0) / Math.max(1, ends.length);
  return r.segments.map(() => mean);
}

/** Length weights of the segments (equal if the route has no length). */
function lengthWeights(r: PreparedRoute): number[] {
  const total = r.segments.reduce((a, s) => a + s.lengthKm, 0);
  return r.segments.map((s) => (total > 0 ? s.lengthKm / total : 1 / r.segments.length));
}

/** docs/scoring.md §4: segment scores, the route views, and the route score from its baseline and P. */
export function routeScore(
  route: PreparedRoute,
  active: readonly RiskEvent[],
  levels: Map<string, number>,
  asOf: Date,
  config: ModelConfig,
): ScoreResult {
  const counted = countedEvents(route, active, asOf, config);
  const intensity = route.segments.map(() => 0);
  for (const c of counted) intensity[c.segmentIndex!]! += c.weight;
  const baselines = segmentBaselines(route, levels, config);
  const weights = lengthWeights(route);

  let survive = 1;
  let baseline = 0;
  let meanScore = 0;
  let worst = -1;
  let worstScore = -Infinity;
  const segments: SegmentScore[] = route.segments.map((seg, i) => {
    const local = localComponent(intensity[i]!, config);
    const segScore = combine(baselines[i]!, local, config);
    // 1 − p_s = e^(−β·I_s): P = 1 − Π(1 − p_s).
    survive *= Math.exp(-config.beta * intensity[i]!);
    baseline += weights[i]! * baselines[i]!;
    meanScore += weights[i]! * segScore;
    if (segScore > worstScore) [worst, worstScore] = [i, segScore];
    return {
      fromKm: round1(seg.fromKm),
      toKm: round1(seg.toKm),
      score: round1(segScore),
      countries: seg.countries,
      baseline: round1(baselines[i]!),
      local: round1(local),
    };
  });
  const transit = 1 - survive;
  const { incidents, hazards, structural, contributors } = explain(counted, 100 * transit);
  const score = round1(combine(baseline, 100 * transit, config));
  const w = segments[worst];
  const routeViews: RouteViews = {
    worstSegment: w === undefined ? null : { fromKm: w.fromKm, toKm: w.toKm, score: w.score },
    lengthWeightedMean: round1(meanScore),
    transitProbability: Math.round(transit * 10_000) / 10_000,
    baseline: round1(baseline),
  };
  return {
    score,
    level: levelOf(score, config),
    components: componentsOf(baseline, incidents, hazards, structural, config),
    contributors,
    segments,
    routeViews,
    countries: countriesWithLevels(route.countries, levels),
    asOf: asOf.toISOString(),
    modelVersion: config.modelVersion,
  };
}
