import { siteInputSchema } from '@minerisk/shared/domain/subject';
import { AppError } from '@minerisk/shared/domain/errors';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams, pageOf, pageQuery } from '../schemas/common';
import { importReport, siteView } from '../schemas/subjects';
import { publicSubject } from '../subjects/buildSubject';
import { deleteSubject } from '../subjects/deleteSubject';
import { featureCollectionBody } from '../subjects/importFeatures';
import { importSites } from '../subjects/importSites';
import { createSite, replaceSite } from '../subjects/saveSite';

const tag = 'Sites';

/** docs/api.md "Sites and routes": sites. */
export const siteEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'post',
    path: '/v1/sites/import',
    tag,
    summary: 'Import sites from a GeoJSON FeatureCollection of Points',
    description:
      'Properties: name, country?, commodity?, criticality?, radiusKm?, externalId?. Valid features are created; each refused one is listed with its errors.',
    permission: 'subjects:write',
    body: featureCollectionBody,
    bodyLimit: '10mb',
    responses: { 200: { description: 'What was created and what was refused', schema: importReport } },
    async handle({ deps, principal, body }) {
      return { status: 200, body: await importSites(deps, principal.tenantId, body) };
    },
  }),
  defineEndpoint({
    method: 'post',
    path: '/v1/sites',
    tag,
    summary: 'Create a site (its scoring is queued)',
    permission: 'subjects:write',
    body: siteInputSchema,
    responses: { 201: { description: 'The site', schema: siteView } },
    async handle({ deps, principal, body }) {
      const site = await createSite(deps, principal.tenantId, body);
      return { status: 201, body: publicSubject(site), headers: { Location: `/v1/sites/${site.id}` } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/sites',
    tag,
    summary: 'List sites, newest first',
    permission: 'subjects:read',
    query: pageQuery,
    responses: { 200: { description: 'A page of sites', schema: pageOf(siteView) } },
    async handle({ deps, principal, query }) {
      const page = await deps.store.sites.list(principal.tenantId, { limit: query.limit, cursor: query.cursor ?? null });
      return { status: 200, body: { items: page.items.map(publicSubject), nextCursor: page.nextCursor } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/sites/:id',
    tag,
    summary: 'Get a site',
    permission: 'subjects:read',
    params: idParams,
    responses: { 200: { description: 'The site', schema: siteView } },
    async handle({ deps, principal, params }) {
      const site = await deps.store.sites.get(principal.tenantId, params.id);
      if (!site) throw new AppError('not_found', `No site ${params.id}.`);
      return { status: 200, body: publicSubject(site) };
    },
  }),
  defineEndpoint({
    method: 'put',
    path: '/v1/sites/:id',
    tag,
    summary: 'Replace a site (its scoring is queued)',
    permission: 'subjects:write',
    params: idParams,
    body: siteInputSchema,
    responses: { 200: { description: 'The site as replaced', schema: siteView } },
    async handle({ deps, principal, params, body }) {
      return { status: 200, body: publicSubject(await replaceSite(deps, principal.tenantId, params.id, body)) };
    },
  }),
  defineEndpoint({
    method: 'delete',
    path: '/v1/sites/:id',
    tag,
    summary: 'Delete a site with its scores, history and alert states',
    permission: 'subjects:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
    async handle({ deps, principal, params }) {
      await deleteSubject(deps, principal.tenantId, 'site', params.id);
      return { status: 204 };
    },
  }),
];
