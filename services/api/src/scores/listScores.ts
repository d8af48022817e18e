import type { Request } from 'express';
import { z } from 'zod';
import type { Score } from '@minerisk/shared/domain/score';
import { SUBJECT_TYPES } from '@minerisk/shared/domain/subject';
import type { ApiDeps } from '../deps';
import { etagOf, ifNoneMatchHits } from '../http/etag';
import { pageQuery } from '../schemas/common';
import type { ScoreView } from '../schemas/scores';
import { storedScoreView } from './scoreView';

/** `GET /v1/scores` query (docs/api.md), shared by its GeoJSON and CSV forms (docs/outputs.md). */
export const scoresQuery = pageQuery.extend({
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
export type ScoresQuery = z.output<typeof scoresQuery>;

/** A page of current scores as `GET /v1/scores` lists them, or `notModified` when the poller's copy is current. */
export type ScoresPage =
  { notModified: true; etag: string } | { notModified: false; etag: string; items: ScoreView[]; nextCursor: string | null };

/**
 * The current scores of a tenant for one query, with the ETag of that representation: `representation`
 * names the form (`scores`, `scores.csv`...), so the JSON, GeoJSON and CSV of one query have distinct tags.
 */
export async function listScores(
  deps: Pick<ApiDeps, 'store'>,
  tenantId: string,
  query: ScoresQuery,
  req: Request,
  representation: string,
): Promise<ScoresPage> {
  // The stamp is read before the list: a body is never older than its ETag.
  const stamp = await deps.store.scores.changeStamp(tenantId);
  const etag = etagOf(
    representation,
    tenantId,
    stamp,
    query.type ?? '',
    String(query.minScore ?? ''),
    String(query.minSupplyScore ?? ''),
    query.sort,
    String(query.limit),
    query.cursor ?? '',
  );
  if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return { notModified: true, etag };
  const page = await deps.store.scores.list(
    tenantId,
    {
      ...(query.type ? { type: query.type } : {}),
      ...(query.minScore !== undefined ? { minScore: query.minScore } : {}),
      ...(query.minSupplyScore !== undefined ? { minSupplyScore: query.minSupplyScore } : {}),
      sort: query.sort,
    },
    { limit: query.limit, cursor: query.cursor ?? null },
  );
  return { notModified: false, etag, items: page.items.map(listedScoreItem), nextCursor: page.nextCursor };
}

/**
 * A listed score as the API shows it. The supply feature (docs/api.md "Supply chains") stores a site's
 * `supplyScore` beside its score: carried into the list (and so into its GeoJSON and CSV) when the store
 * gives it, left out where it does not exist.
 */
export function listedScoreItem(s: Score): ScoreView & { supplyScore?: number | null } {
  const supplyScore = (s as Score & { supplyScore?: number | null }).supplyScore;
  return supplyScore === undefined ? storedScoreView(s) : { ...storedScoreView(s), supplyScore };
}

/** RFC 8288 `Link: <…>; rel="next"`: this request's URL with the next cursor, for the exports that have no body field for it. */
export function nextLink(req: Request, nextCursor: string | null): Record<string, string> {
  if (nextCursor === null) return {};
  const url = new URL(req.originalUrl, 'http://localhost');
  url.searchParams.set('cursor', nextCursor);
  return { Link: `<${url.pathname}${url.search}>; rel="next"` };
}
