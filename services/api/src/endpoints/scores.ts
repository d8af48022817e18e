import { z } from 'zod';
import type { SubjectType } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams, isoTime, notInFuture, pageOf, score100 } from '../schemas/common';
import { assessmentView, historyView, scoreView } from '../schemas/scores';
import { listScores, scoresQuery } from '../scores/listScores';
import { loadSubject, readScore } from '../scores/readScore';

const tag = 'Scores';
const DAY_MS = 86_400_000;
/** Default window of a history read. */
export const DEFAULT_HISTORY_DAYS = 30;
export const asOfQuery = z.object({
  asOf: isoTime
    .refine(notInFuture, 'asOf may not be in the future')
    .optional()
    .meta({ description: 'Compute the score as of this instant (not persisted)' }),
});
const historyQuery = z
  .object({ from: isoTime.optional(), to: isoTime.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'from must not be after to',
    path: ['from'],
  });

/** A listed score: the score with the site's stored supply score beside it (null without one). */
const listedScoreView = scoreView.extend({ supplyScore: score100.nullable() }).meta({ id: 'ListedScore' });

function scoreEndpoint(type: SubjectType): Endpoint {
  return defineEndpoint({
    method: 'get',
    path: `/v1/${type}s/:id/score`,
    tag,
    summary: `The current score of a ${type} (computed on read before its first scoring, or as of ?asOf=)`,
    permission: 'subjects:read',
    params: idParams,
    query: asOfQuery,
    responses: { 200: { description: 'The score', schema: scoreView } },
    async handle({ deps, principal, params, query }) {
      const asOf = query.asOf ? new Date(query.asOf) : undefined;
      return { status: 200, body: await readScore(deps, principal.tenantId, type, params.id, asOf) };
    },
  });
}

function historyEndpoint(type: SubjectType): Endpoint {
  return defineEndpoint({
    method: 'get',
    path: `/v1/${type}s/:id/history`,
    tag,
    summary: `Score history of a ${type} (default: the last ${DEFAULT_HISTORY_DAYS} days)`,
    permission: 'subjects:read',
    params: idParams,
    query: historyQuery,
    responses: { 200: { description: 'Score changes, oldest first', schema: historyView } },
    async handle({ deps, principal, params, query }) {
      if (!(await loadSubject(deps, principal.tenantId, type, params.id)))
        throw new AppError('not_found', `No ${type} ${params.id}.`);
      const to = query.to ?? clock(deps).toISOString();
      const from = query.from ?? new Date(Date.parse(to) - DEFAULT_HISTORY_DAYS * DAY_MS).toISOString();
      const points = await deps.store.scores.history(principal.tenantId, type, params.id, from, to);
      return { status: 200, body: { items: points.map((p) => ({ t: p.t, score: p.score })) } };
    },
  });
}

/** docs/api.md "Scores and assessments". */
export const scoreEndpoints: Endpoint[] = [
  scoreEndpoint('site'),
  scoreEndpoint('route'),
  historyEndpoint('site'),
  historyEndpoint('route'),
  defineEndpoint({
    method: 'get',
    path: '/v1/scores',
    tag,
    summary: 'Current scores of the tenant, for dashboards (ETag / If-None-Match → 304 when nothing changed)',
    permission: 'subjects:read',
    query: scoresQuery,
    responses: {
      200: {
        description: 'A page of current scores',
        schema: pageOf(listedScoreView),
        headers: { ETag: 'Changes whenever any score of the tenant changes' },
      },
      304: { description: 'Nothing changed since the ETag sent in If-None-Match' },
    },
    async handle({ deps, principal, query, req }) {
      const page = await listScores(deps, principal.tenantId, query, req, 'scores');
      const headers = { ETag: page.etag };
      if (page.notModified) return { status: 304, headers };
      return { status: 200, body: { items: page.items, nextCursor: page.nextCursor }, headers };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/routes/:id/assessment',
    tag,
    summary: 'Route assessment for insurers: segments, worst segment, countries, recent incidents, trend',
    permission: 'subjects:read',
    params: idParams,
    query: asOfQuery,
    responses: { 200: { description: 'The assessment', schema: assessmentView } },
    async handle({ deps, principal, params, query }) {
      const route = await deps.store.routes.get(principal.tenantId, params.id);
      if (!route) throw new AppError('not_found', `No route ${params.id}.`);
      const asOf = query.asOf ? new Date(query.asOf) : clock(deps);
      return { status: 200, body: await deps.offLoopReads.routeAssessment(route, asOf) };
    },
  }),
];
