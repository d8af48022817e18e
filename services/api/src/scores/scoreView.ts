import type { Score, ScoreResult } from '@minerisk/shared/domain/score';
import type { SubjectType } from '@minerisk/shared/domain/subject';
import type { ScoreView } from '../schemas/scores';

interface ScoreParts {
  subjectType: SubjectType;
  subjectId: string;
  result: ScoreResult;
  trend: { delta7d: number };
  computedAt: string;
}

/** docs/api.md's score shape, from a stored score or one computed on read; routes add segments and worstSegment. */
export function toScoreView(p: ScoreParts): ScoreView {
  const r = p.result;
  const view: ScoreView = {
    subject: { type: p.subjectType, id: p.subjectId },
    score: r.score,
    level: r.level,
    components: r.components,
    contributors: r.contributors,
    trend: p.trend,
    asOf: r.asOf,
    computedAt: p.computedAt,
    modelVersion: r.modelVersion,
    countries: r.countries,
  };
  if (p.subjectType === 'route') {
    view.segments = r.segments ?? [];
    view.worstSegment = r.routeViews?.worstSegment ?? null;
  }
  return view;
}

export function storedScoreView(s: Score): ScoreView {
  return toScoreView({ subjectType: s.subjectType, subjectId: s.subjectId, result: s, trend: s.trend, computedAt: s.computedAt });
}
