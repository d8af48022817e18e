import type { Score, ScoreHistoryPoint } from '../../domain';
import { defineTable } from './table';

export const scores = defineTable<Score>('scores', {
  tenantId: 'text',
  subjectType: 'text',
  subjectId: 'text',
  score: 'num',
  level: 'text',
  components: 'json',
  contributors: 'json',
  segments: 'json?',
  routeViews: 'json?',
  countries: 'json',
  asOf: 'time',
  modelVersion: 'text',
  trend: 'json',
  computedAt: 'time',
  basedOnSeq: 'num',
});

export const scoreHistory = defineTable<ScoreHistoryPoint>('score_history', {
  tenantId: 'text',
  subjectType: 'text',
  subjectId: 'text',
  t: 'time',
  score: 'num',
  modelVersion: 'text',
});

/** The WHERE clause of one subject's rows, with @tenantId, @type and @id. */
export const SUBJECT = 'tenant_id = @tenantId AND subject_type = @type AND subject_id = @id';
