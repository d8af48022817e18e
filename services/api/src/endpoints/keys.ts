import { DEFAULT_TENANT } from '@minerisk/shared/domain/tenancy';
import { AppError } from '@minerisk/shared/domain/errors';
import { createApiKey, keyView as toKeyView } from '../auth/createApiKey';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams, pageOf } from '../schemas/common';
import { keyCreatedView, keyInput, keyView } from '../schemas/keys';

const tag = 'Keys';

/** docs/api.md "Auth and tenancy": keys; naming another tenant creates it. */
export const keyEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'post',
    path: '/v1/keys',
    tag,
    summary: 'Create an API key (shown once); an admin of tenant "default" may create keys, and so tenants, for others',
    permission: 'keys:manage',
    body: keyInput,
    responses: { 201: { description: 'The key, shown only here', schema: keyCreatedView } },
    async handle({ deps, principal, body }) {
      const tenant = body.tenant ?? principal.tenantId;
      if (tenant !== principal.tenantId && principal.tenantId !== DEFAULT_TENANT) {
        throw new AppError('forbidden', 'Only an admin of tenant "default" may create keys for another tenant.');
      }
      const { apiKey, plaintext } = await createApiKey(
        deps.store,
        { tenantId: tenant, role: body.role, name: body.name ?? null },
        clock(deps),
      );
      const { revokedAt: _revoked, ...view } = toKeyView(apiKey);
      return { status: 201, body: { ...view, key: plaintext } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/keys',
    tag,
    summary: "The tenant's keys (never the keys themselves)",
    permission: 'keys:manage',
    responses: { 200: { description: 'Every key of the tenant', schema: pageOf(keyView) } },
    async handle({ deps, principal }) {
      const keys = await deps.store.apiKeys.list(principal.tenantId);
      return { status: 200, body: { items: keys.map(toKeyView), nextCursor: null } };
    },
  }),
  defineEndpoint({
    method: 'delete',
    path: '/v1/keys/:id',
    tag,
    summary: 'Revoke a key of the tenant',
    permission: 'keys:manage',
    params: idParams,
    responses: { 204: { description: 'Revoked' } },
    async handle({ deps, principal, params }) {
      if (!(await deps.store.apiKeys.revoke(principal.tenantId, params.id, clock(deps).toISOString()))) {
        throw new AppError('not_found', `No key ${params.id}.`);
      }
      deps.keyCache.forgetKey(params.id);
      return { status: 204 };
    },
  }),
];
