import type { Subject } from '../domain';
import type { Store } from '../store/port';
import { explainChange, type ScoreChange } from '../model/change';
import { SHIPPED_MODEL, type ModelConfig } from '../model/config';
import { prepareSubject } from '../model/prepare';
import { computeScore, type ComputedScore } from './computeScore';

export interface ScoreChangeReport {
  from: ComputedScore;
  to: ComputedScore;
  change: ScoreChange;
}

/**
 * `GET /v1/{sites,routes}/:id/score/changes` (docs/outputs.md): the subject scored at both instants from
 * the store, each seeing only what was known by then, and the change between them explained.
 */
export async function scoreChanges(
  store: Store,
  subject: Subject,
  from: Date,
  to: Date,
  config: ModelConfig = SHIPPED_MODEL,
): Promise<ScoreChangeReport> {
  const prepared = prepareSubject(subject, config);
  const [before, after] = await Promise.all([
    computeScore(store, prepared, from, config),
    computeScore(store, prepared, to, config),
  ]);
  const change = explainChange(
    prepared,
    { result: before.result, events: before.events, asOf: from },
    { result: after.result, events: after.events, asOf: to },
    config,
  );
  return { from: before, to: after, change };
}
