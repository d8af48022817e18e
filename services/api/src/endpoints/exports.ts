import { AppError } from '@minerisk/shared/domain/errors';
import { computeRouteAssessment } from '@minerisk/shared/scoring/computeScore';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { CSV_MEDIA_TYPE, scoresCsv, scoresGeoJson, subjectsOf } from '../outputs/scoreExports';
import { GEOJSON_MEDIA_TYPE, segmentsGeoJson } from '../outputs/segmentsGeoJson';
import { idParams } from '../schemas/common';
import { scoresCsvView, scoresGeoJsonView, segmentsGeoJsonView } from '../schemas/outputs';
import { listScores, nextLink, scoresQuery } from '../scores/listScores';
import { asOfQuery } from './scores';

const tag = 'Exports';
const pageHeaders = {
  ETag: 'Changes whenever any score of the tenant changes',
  Link: 'RFC 8288 `<…>; rel="next"`: the next page, when there is one',
};

/** `GET /v1/scores` in another form: same query, auth, ETag and 304, the next page in a Link header. */
function scoresExport(format: 'geojson' | 'csv'): Endpoint {
  const contentType = format === 'csv' ? CSV_MEDIA_TYPE : GEOJSON_MEDIA_TYPE;
  return defineEndpoint({
    method: 'get',
    path: `/v1/scores.${format}`,
    tag,
    summary:
      format === 'csv'
        ? 'Current scores as CSV for spreadsheets (one row per subject; formula-like text escaped)'
        : 'Current scores as GeoJSON for GIS (sites as Points, routes as their lines)',
    description: 'Same filters, sort, pagination and ETag as GET /v1/scores; the next page is in the Link header.',
    permission: 'subjects:read',
    query: scoresQuery,
    responses: {
      200: {
        description: 'A page of current scores',
        schema: format === 'csv' ? scoresCsvView : scoresGeoJsonView,
        contentType: format === 'csv' ? 'text/csv' : GEOJSON_MEDIA_TYPE,
        headers: pageHeaders,
      },
      304: { description: 'Nothing changed since the ETag sent in If-None-Match' },
    },
    async handle({ deps, principal, query, req }) {
      const page = await listScores(deps, principal.tenantId, query, req, `scores.${format}`);
      if (page.notModified) return { status: 304, headers: { ETag: page.etag } };
      const subjects = await subjectsOf(deps, principal.tenantId, page.items);
      const body = format === 'csv' ? scoresCsv(page.items, subjects) : scoresGeoJson(page.items, subjects);
      return { status: 200, body, contentType, headers: { ETag: page.etag, ...nextLink(req, page.nextCursor) } };
    },
  });
}

/** docs/outputs.md "GIS and spreadsheets". */
export const exportEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'get',
    path: '/v1/routes/:id/assessment.geojson',
    tag,
    summary: "A route's assessment as GeoJSON: one LineString per segment with its score, level and countries",
    permission: 'subjects:read',
    params: idParams,
    query: asOfQuery,
    responses: {
      200: { description: 'The segments', schema: segmentsGeoJsonView, contentType: GEOJSON_MEDIA_TYPE },
    },
    async handle({ deps, principal, params, query }) {
      const route = await deps.store.routes.get(principal.tenantId, params.id);
      if (!route) throw new AppError('not_found', `No route ${params.id}.`);
      const asOf = query.asOf ? new Date(query.asOf) : clock(deps);
      const { assessment, prepared } = await computeRouteAssessment(deps.store, route, asOf);
      return { status: 200, body: segmentsGeoJson(assessment, prepared), contentType: GEOJSON_MEDIA_TYPE };
    },
  }),
  scoresExport('geojson'),
  scoresExport('csv'),
];
