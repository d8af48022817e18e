import { AppError } from '@minerisk/shared/domain/errors';
import { supplyPlanBodySchema } from '@minerisk/shared/domain/supply';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams, problemSchema } from '../schemas/common';
import { supplyPlanView, whatIfBodySchema, whatIfView } from '../schemas/supply';
import { planView, putPlan } from '../supply/plans';
import { whatIf } from '../supply/whatIf';

const tag = 'Supply';

/** docs/api.md "Supply chains": a site's supply plan. */
export const supplyEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'put',
    path: '/v1/sites/:id/supply',
    tag,
    summary: "Create or replace a site's supply plan (its supply scoring is queued)",
    description:
      'Inputs (fuel, explosives, outbound…) with bufferDays, criticality and the routes that carry them (share today, maxShare if needed). At most 20 inputs and 20 routes per input.',
    permission: 'subjects:write',
    params: idParams,
    body: supplyPlanBodySchema,
    responses: {
      200: { description: 'The plan', schema: supplyPlanView },
      422: {
        description: 'A route that is not one of the tenant’s, or shares of an input summing over 1',
        schema: problemSchema,
      },
    },
    async handle({ deps, principal, params, body }) {
      return { status: 200, body: planView(await putPlan(deps, principal.tenantId, params.id, body)) };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/sites/:id/supply',
    tag,
    summary: "A site's supply plan",
    permission: 'subjects:read',
    params: idParams,
    responses: { 200: { description: 'The plan', schema: supplyPlanView } },
    async handle({ deps, principal, params }) {
      const plan = await deps.store.supply.getPlan(principal.tenantId, params.id);
      if (!plan) throw new AppError('not_found', `Site ${params.id} has no supply plan.`);
      return { status: 200, body: planView(plan) };
    },
  }),
  defineEndpoint({
    method: 'delete',
    path: '/v1/sites/:id/supply',
    tag,
    summary: "Delete a site's supply plan and its supply score (no webhook is sent)",
    permission: 'subjects:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
    async handle({ deps, principal, params }) {
      if (!(await deps.store.supply.deletePlan(principal.tenantId, params.id)))
        throw new AppError('not_found', `Site ${params.id} has no supply plan.`);
      return { status: 204 };
    },
  }),
  defineEndpoint({
    method: 'post',
    path: '/v1/what-if',
    tag,
    summary: 'What a closure of routes would do to supply: stock-outs and alternatives (nothing is stored)',
    description:
      'Close routes by id, by an area (routes whose line meets the Polygon/MultiPolygon) or by an active event with a polygon; per affected site and input: lost, absorbed by the open routes’ spare capacity, net, days to stock-out and the alternatives, safest first.',
    permission: 'subjects:read',
    body: whatIfBodySchema,
    responses: {
      200: { description: 'The sites and inputs the closure affects', schema: whatIfView },
      422: {
        description: 'An unknown route or event, an event without an active polygon, an empty or invalid area',
        schema: problemSchema,
      },
    },
    async handle({ deps, principal, body }) {
      return { status: 200, body: await whatIf(deps, deps.closureIndexes, principal.tenantId, body) };
    },
  }),
];
