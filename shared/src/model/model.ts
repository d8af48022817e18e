import type { RiskEvent, ScoreResult } from '../domain';
import { advisoryLevels } from './baseline';
import { SHIPPED_MODEL, type ModelConfig } from './config';
import type { PreparedSubject } from './prepare';
import { routeScore } from './routeScore';
import { siteScore } from './siteScore';
import { activeEvents } from './versions';

export { levelOf } from './levels';

/**
 * The reference model of docs/scoring.md as one pure function: no I/O, no clock, the same output whatever the
 * order of its inputs. Only versions known at `asOf` count (knowledge time); per identity the newest counts,
 * and counts zero if cancelled, ended or past `validTo`. Advisories may come in either list.
 */
export function score(
  subject: PreparedSubject,
  events: readonly RiskEvent[],
  advisories: readonly RiskEvent[],
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): ScoreResult {
  return scoreActive(subject, activeEvents([...events, ...advisories], asOf, subject.tenantId), asOf, config);
}

/**
 * `score` from the events that count at asOf, already resolved as `activeEvents` gives them (one version
 * per identity, in force, visible to the subject's tenant, in canonical identity order): for callers that
 * resolve versions once for many subjects.
 */
export function scoreActive(
  subject: PreparedSubject,
  active: readonly RiskEvent[],
  asOf: Date,
  config: ModelConfig = SHIPPED_MODEL,
): ScoreResult {
  const levels = advisoryLevels(active);
  return subject.type === 'site'
    ? siteScore(subject, active, levels, asOf, config)
    : routeScore(subject, active, levels, asOf, config);
}
