import { z } from 'zod';
import { SUBJECT_TYPES, type SubjectType } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { routeAssessment } from '@minerisk/shared/scoring/computeScore';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { etagOf, ifNoneMatchHits } from '../http/etag';
import { idParams, isoTime, pageOf, pageQuery, score100 } from '../schemas/common';
import { assessmentView, historyView, scoreView } from '../schemas/scores';
import { loadSubject, readScore } from '../scores/readScore';
import { storedScoreView } from '../scores/scoreView';

const tag = 'Scores';
const DAY_MS = 86_400_000;
/** Default window of a history read. */
export const DEFAULT_HISTORY_DAYS = 30;
/** A little clock skew between a client and this server is not "the future". */
const FUTURE_SLACK_MS = 60_000;

const notInFuture = (t: string) => Date.parse(t) <= Date.now() + FUTURE_SLACK_MS;
const asOfQuery = z.object({
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
const scoresQuery = pageQuery.extend({
  type: z.enum(SUBJECT_TYPES).optional(),
  minScore: z.coerce.number().min(0).max(100).optional(),
  minSupplyScore: z.coerce
    .number()
    .min(0)
    .max(100)
    .optional()
    .meta({ description: 'Only sites whose stored supply score is at least this (docs/api.md "Supply chains")' }),
  sort: z.enum(['-score', 'score', '-computedAt', '-supplyScore']).default('-score'),
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
      // The stamp is read before the list: a body is never older than its ETag.
      const stamp = await deps.store.scores.changeStamp(principal.tenantId);
      const etag = etagOf(
        'scores',
        principal.tenantId,
        stamp,
        query.type ?? '',
        String(query.minScore ?? ''),
        String(query.minSupplyScore ?? ''),
        query.sort,
        String(query.limit),
        query.cursor ?? '',
      );
      const headers: Record<string, string> = { ETag: etag };
      if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return { status: 304, headers };
      const page = await deps.store.scores.list(
        principal.tenantId,
        {
          ...(query.type ? { type: query.type } : {}),
          ...(query.minScore !== undefined ? { minScore: query.minScore } : {}),
          ...(query.minSupplyScore !== undefined ? { minSupplyScore: query.minSupplyScore } : {}),
          sort: query.sort,
        },
        { limit: query.limit, cursor: query.cursor ?? null },
      );
      const items = page.items.map((s) => ({ ...storedScoreView(s), supplyScore: s.supplyScore }));
      return { status: 200, body: { items, nextCursor: page.nextCursor }, headers };
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
      return { status: 200, body: await routeAssessment(deps.store, route, asOf) };
    },
  }),
];
