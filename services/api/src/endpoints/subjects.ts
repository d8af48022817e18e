import type { z } from 'zod';
import { routeInputSchema, siteInputSchema, type SubjectType } from '@minerisk/shared/domain/subject';
import type { Route, Site } from '@minerisk/shared/domain';
import { AppError } from '@minerisk/shared/domain/errors';
import type { OwnedRepository } from '@minerisk/shared/store/port';
import type { ApiDeps } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams, pageOf, pageQuery } from '../schemas/common';
import { importReport, routeView, siteView, type ImportReport } from '../schemas/subjects';
import { publicSubject } from '../subjects/buildSubject';
import { deleteSubject } from '../subjects/deleteSubject';
import { featureCollectionBody, type FeatureCollectionBody } from '../subjects/importFeatures';
import { importRoutes } from '../subjects/importRoutes';
import { importSites } from '../subjects/importSites';
import { createRoute, replaceRoute } from '../subjects/saveRoute';
import { createSite, replaceSite } from '../subjects/saveSite';

/** What differs between the site and the route endpoints: everything else is one definition. */
interface SubjectKind<T extends Site | Route, I extends z.ZodType> {
  type: SubjectType;
  tag: string;
  input: I;
  view: z.ZodType;
  importSummary: string;
  importDescription: string;
  createSummary: string;
  /** Body limit of create and replace (default: the API's). */
  bodyLimit?: string;
  repository: (deps: ApiDeps) => OwnedRepository<T>;
  importFeatures: (deps: ApiDeps, tenantId: string, body: FeatureCollectionBody) => Promise<ImportReport>;
  create: (deps: ApiDeps, tenantId: string, input: z.infer<I>) => Promise<T>;
  replace: (deps: ApiDeps, tenantId: string, id: string, input: z.infer<I>) => Promise<T>;
}

/** docs/api.md "Sites and routes": create, import, list, get, replace and delete, for one subject type. */
function subjectEndpoints<T extends Site | Route, I extends z.ZodType>(kind: SubjectKind<T, I>): Endpoint[] {
  const { type, tag, view } = kind;
  const base = `/v1/${type}s`;
  return [
    defineEndpoint({
      method: 'post',
      path: `${base}/import`,
      tag,
      summary: kind.importSummary,
      description: kind.importDescription,
      permission: 'subjects:write',
      body: featureCollectionBody,
      bodyLimit: '10mb',
      responses: { 200: { description: 'What was created and what was refused', schema: importReport } },
      async handle({ deps, principal, body }) {
        return { status: 200, body: await kind.importFeatures(deps, principal.tenantId, body) };
      },
    }),
    defineEndpoint({
      method: 'post',
      path: base,
      tag,
      summary: kind.createSummary,
      permission: 'subjects:write',
      body: kind.input,
      ...(kind.bodyLimit ? { bodyLimit: kind.bodyLimit } : {}),
      responses: { 201: { description: `The ${type}`, schema: view } },
      async handle({ deps, principal, body }) {
        const subject = await kind.create(deps, principal.tenantId, body);
        return { status: 201, body: publicSubject(subject), headers: { Location: `${base}/${subject.id}` } };
      },
    }),
    defineEndpoint({
      method: 'get',
      path: base,
      tag,
      summary: `List ${type}s, newest first`,
      permission: 'subjects:read',
      query: pageQuery,
      responses: { 200: { description: `A page of ${type}s`, schema: pageOf(view) } },
      async handle({ deps, principal, query }) {
        const page = await kind.repository(deps).list(principal.tenantId, { limit: query.limit, cursor: query.cursor ?? null });
        return { status: 200, body: { items: page.items.map(publicSubject), nextCursor: page.nextCursor } };
      },
    }),
    defineEndpoint({
      method: 'get',
      path: `${base}/:id`,
      tag,
      summary: `Get a ${type}`,
      permission: 'subjects:read',
      params: idParams,
      responses: { 200: { description: `The ${type}`, schema: view } },
      async handle({ deps, principal, params }) {
        const subject = await kind.repository(deps).get(principal.tenantId, params.id);
        if (!subject) throw new AppError('not_found', `No ${type} ${params.id}.`);
        return { status: 200, body: publicSubject(subject) };
      },
    }),
    defineEndpoint({
      method: 'put',
      path: `${base}/:id`,
      tag,
      summary: `Replace a ${type} (its scoring is queued)`,
      permission: 'subjects:write',
      params: idParams,
      body: kind.input,
      ...(kind.bodyLimit ? { bodyLimit: kind.bodyLimit } : {}),
      responses: { 200: { description: `The ${type} as replaced`, schema: view } },
      async handle({ deps, principal, params, body }) {
        return { status: 200, body: publicSubject(await kind.replace(deps, principal.tenantId, params.id, body)) };
      },
    }),
    defineEndpoint({
      method: 'delete',
      path: `${base}/:id`,
      tag,
      summary: `Delete a ${type} with its scores, history and alert states`,
      permission: 'subjects:write',
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
      async handle({ deps, principal, params }) {
        await deleteSubject(deps, principal.tenantId, type, params.id);
        return { status: 204 };
      },
    }),
  ];
}

/** docs/api.md "Sites and routes": sites. */
export const siteEndpoints: Endpoint[] = subjectEndpoints({
  type: 'site',
  tag: 'Sites',
  input: siteInputSchema,
  view: siteView,
  importSummary: 'Import sites from a GeoJSON FeatureCollection of Points',
  importDescription:
    'Properties: name, country?, commodity?, criticality?, radiusKm?, externalId?. Valid features are created; each refused one is listed with its errors.',
  createSummary: 'Create a site (its scoring is queued)',
  repository: (deps) => deps.store.sites,
  importFeatures: importSites,
  create: createSite,
  replace: replaceSite,
});

/** docs/api.md "Sites and routes": routes (transport routes: road, rail, river, sea, air and pipeline corridors). */
export const routeEndpoints: Endpoint[] = subjectEndpoints({
  type: 'route',
  tag: 'Routes',
  input: routeInputSchema,
  view: routeView,
  importSummary: 'Import routes from a GeoJSON FeatureCollection of LineStrings or MultiLineStrings',
  importDescription:
    'Properties: name, mode, bufferKm?, siteIds?, externalId?. Valid features are created; each refused one is listed with its errors.',
  createSummary: 'Create a route (lengthKm is measured; its scoring is queued)',
  // GEOMETRY_LIMITS.maxRoutePositions positions of full-precision coordinates fit in 2 MB.
  bodyLimit: '2mb',
  repository: (deps) => deps.store.routes,
  importFeatures: importRoutes,
  create: createRoute,
  replace: replaceRoute,
});
