import { routeInputSchema } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams, pageOf, pageQuery } from '../schemas/common';
import { importReport, routeView } from '../schemas/subjects';
import { publicSubject } from '../subjects/buildSubject';
import { deleteSubject } from '../subjects/deleteSubject';
import { featureCollectionBody } from '../subjects/importFeatures';
import { importRoutes } from '../subjects/importRoutes';
import { createRoute, replaceRoute } from '../subjects/saveRoute';

const tag = 'Routes';

/** docs/api.md "Sites and routes": routes. */
export const routeEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'post',
    path: '/v1/routes/import',
    tag,
    summary: 'Import routes from a GeoJSON FeatureCollection of LineStrings or MultiLineStrings',
    description:
      'Properties: name, mode, bufferKm?, siteIds?, externalId?. Valid features are created; each refused one is listed with its errors.',
    permission: 'subjects:write',
    body: featureCollectionBody,
    bodyLimit: '10mb',
    responses: { 200: { description: 'What was created and what was refused', schema: importReport } },
    async handle({ deps, principal, body }) {
      return { status: 200, body: await importRoutes(deps, principal.tenantId, body) };
    },
  }),
  defineEndpoint({
    method: 'post',
    path: '/v1/routes',
    tag,
    summary: 'Create a route (lengthKm is measured; its scoring is queued)',
    permission: 'subjects:write',
    body: routeInputSchema,
    // GEOMETRY_LIMITS.maxRoutePositions positions of full-precision coordinates fit in 2 MB.
    bodyLimit: '2mb',
    responses: { 201: { description: 'The route', schema: routeView } },
    async handle({ deps, principal, body }) {
      const route = await createRoute(deps, principal.tenantId, body);
      return { status: 201, body: publicSubject(route), headers: { Location: `/v1/routes/${route.id}` } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/routes',
    tag,
    summary: 'List routes, newest first',
    permission: 'subjects:read',
    query: pageQuery,
    responses: { 200: { description: 'A page of routes', schema: pageOf(routeView) } },
    async handle({ deps, principal, query }) {
      const page = await deps.store.routes.list(principal.tenantId, { limit: query.limit, cursor: query.cursor ?? null });
      return { status: 200, body: { items: page.items.map(publicSubject), nextCursor: page.nextCursor } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/routes/:id',
    tag,
    summary: 'Get a route',
    permission: 'subjects:read',
    params: idParams,
    responses: { 200: { description: 'The route', schema: routeView } },
    async handle({ deps, principal, params }) {
      const route = await deps.store.routes.get(principal.tenantId, params.id);
      if (!route) throw new AppError('not_found', `No route ${params.id}.`);
      return { status: 200, body: publicSubject(route) };
    },
  }),
  defineEndpoint({
    method: 'put',
    path: '/v1/routes/:id',
    tag,
    summary: 'Replace a route (its scoring is queued)',
    permission: 'subjects:write',
    params: idParams,
    body: routeInputSchema,
    // GEOMETRY_LIMITS.maxRoutePositions positions of full-precision coordinates fit in 2 MB.
    bodyLimit: '2mb',
    responses: { 200: { description: 'The route as replaced', schema: routeView } },
    async handle({ deps, principal, params, body }) {
      return { status: 200, body: publicSubject(await replaceRoute(deps, principal.tenantId, params.id, body)) };
    },
  }),
  defineEndpoint({
    method: 'delete',
    path: '/v1/routes/:id',
    tag,
    summary: 'Delete a route with its scores, history and alert states',
    permission: 'subjects:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
    async handle({ deps, principal, params }) {
      await deleteSubject(deps, principal.tenantId, 'route', params.id);
      return { status: 204 };
    },
  }),
];
