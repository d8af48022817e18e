import type { RiskEvent, ScoreResult } from '../domain';
import { baselineOf, combine, countriesWithLevels, localComponent } from './baseline';
import type { ModelConfig } from './config';
import { countedEvents } from './counted';
import { componentsOf, explain } from './explain';
import { levelOf, round1 } from './levels';
import type { PreparedSite } from './prepare';

/** docs/scoring.md §3: a site's score from its country baseline and the events around it. */
export function siteScore(
  site: PreparedSite,
  active: readonly RiskEvent[],
  levels: Map<string, number>,
  asOf: Date,
  config: ModelConfig,
): ScoreResult {
  const counted = countedEvents(site, active, asOf, config);
  let intensity = 0;
  for (const c of counted) intensity += c.weight;
  const local = localComponent(intensity, config);
  const baseline = site.country === null ? 0 : baselineOf(levels.get(site.country), config);
  const { incidents, hazards, structural, contributors } = explain(counted, local);
  const score = round1(combine(baseline, local, config));
  return {
    score,
    level: levelOf(score, config),
    components: componentsOf(baseline, incidents, hazards, structural, config),
    contributors,
    countries: countriesWithLevels(site.countries, levels),
    asOf: asOf.toISOString(),
    modelVersion: config.modelVersion,
  };
}
