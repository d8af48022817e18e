import { AppError } from '@minerisk/shared/domain/errors';
import type { SubjectType } from '@minerisk/shared/domain/subject';
import { scoreChanges } from '@minerisk/shared/scoring/scoreChanges';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams } from '../schemas/common';
import { changesQuery, scoreChangeView } from '../schemas/outputs';
import { loadSubject } from '../scores/readScore';
import { toScoreView } from '../scores/scoreView';

function changesEndpoint(type: SubjectType): Endpoint {
  return defineEndpoint({
    method: 'get',
    path: `/v1/${type}s/:id/score/changes`,
    tag: 'Scores',
    summary: `Why the score of a ${type} moved between two instants`,
    description:
      "Scores at from and to (each from what was known by then), each component's and each event's share of delta (they add up to delta), and the events that entered, left or changed weight, largest first. See docs/outputs.md.",
    permission: 'subjects:read',
    params: idParams,
    query: changesQuery,
    responses: { 200: { description: 'The change explained', schema: scoreChangeView } },
    async handle({ deps, principal, params, query }) {
      const subject = await loadSubject(deps, principal.tenantId, type, params.id);
      if (!subject) throw new AppError('not_found', `No ${type} ${params.id}.`);
      const now = clock(deps);
      const report = await scoreChanges(deps.store, subject, new Date(query.from), query.to ? new Date(query.to) : now);
      const view = (side: typeof report.from) =>
        toScoreView({
          subjectType: type,
          subjectId: params.id,
          result: side.result,
          trend: side.trend,
          computedAt: now.toISOString(),
        });
      return { status: 200, body: { from: view(report.from), to: view(report.to), ...report.change } };
    },
  });
}

/** docs/outputs.md "Explain the change". */
export const scoreChangeEndpoints: Endpoint[] = [changesEndpoint('site'), changesEndpoint('route')];
