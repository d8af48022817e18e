import { literalHostRefusal } from '@minerisk/shared/webhooks/ssrfGuard';
import { AppError } from '@minerisk/shared/domain/errors';
import {
  createSubscription,
  publicSubscription,
  queueTestPing,
  rotateSecret,
  subscriptionInputSchema,
} from '../subscriptions/subscriptionRules';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams, pageOf, pageQuery } from '../schemas/common';
import { deliveryView, subscriptionView, subscriptionWithSecret } from '../schemas/webhooks';
import { toDeliveryView } from '../schemas/deliveryView';

const tag = 'Webhooks';

/** docs/api.md "Webhooks": subscriptions. */
export const subscriptionEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'post',
    path: '/v1/subscriptions',
    tag,
    summary: 'Subscribe a URL to threshold crossings (the secret is shown only here and on rotation)',
    permission: 'webhooks:write',
    body: subscriptionInputSchema,
    responses: { 201: { description: 'The subscription with its secret', schema: subscriptionWithSecret } },
    async handle({ deps, principal, body }) {
      const refusal = deps.config.WEBHOOK_ALLOW_PRIVATE ? null : literalHostRefusal(body.url);
      if (refusal !== null) {
        throw new AppError(
          'unprocessable',
          `Webhooks may not go to this host (${refusal}); WEBHOOK_ALLOW_PRIVATE=true allows it on-premises.`,
          [{ path: 'body.url', message: `refused host: ${refusal}` }],
        );
      }
      const { subscription, secret } = await createSubscription(deps.store, principal.tenantId, body, clock(deps));
      return {
        status: 201,
        body: { ...publicSubscription(subscription), secret },
        headers: { Location: `/v1/subscriptions/${subscription.id}` },
      };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/subscriptions',
    tag,
    summary: 'List subscriptions',
    permission: 'webhooks:read',
    query: pageQuery,
    responses: { 200: { description: 'A page of subscriptions', schema: pageOf(subscriptionView) } },
    async handle({ deps, principal, query }) {
      const page = await deps.store.subscriptions.list(principal.tenantId, { limit: query.limit, cursor: query.cursor ?? null });
      return { status: 200, body: { items: page.items.map(publicSubscription), nextCursor: page.nextCursor } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/subscriptions/:id',
    tag,
    summary: 'Get a subscription',
    permission: 'webhooks:read',
    params: idParams,
    responses: { 200: { description: 'The subscription', schema: subscriptionView } },
    async handle({ deps, principal, params }) {
      const sub = await deps.store.subscriptions.get(principal.tenantId, params.id);
      if (!sub) throw new AppError('not_found', `No subscription ${params.id}.`);
      return { status: 200, body: publicSubscription(sub) };
    },
  }),
  defineEndpoint({
    method: 'delete',
    path: '/v1/subscriptions/:id',
    tag,
    summary: 'Delete a subscription',
    permission: 'webhooks:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
    async handle({ deps, principal, params }) {
      if (!(await deps.store.subscriptions.delete(principal.tenantId, params.id)))
        throw new AppError('not_found', `No subscription ${params.id}.`);
      return { status: 204 };
    },
  }),
  defineEndpoint({
    method: 'post',
    path: '/v1/subscriptions/:id/rotate-secret',
    tag,
    summary: 'Rotate the signing secret (the old one keeps signing beside the new one for 24 h)',
    permission: 'webhooks:write',
    params: idParams,
    responses: { 200: { description: 'The subscription with its new secret', schema: subscriptionWithSecret } },
    async handle({ deps, principal, params }) {
      const rotated = await rotateSecret(deps.store, principal.tenantId, params.id, clock(deps));
      if (!rotated) throw new AppError('not_found', `No subscription ${params.id}.`);
      return { status: 200, body: { ...publicSubscription(rotated.subscription), secret: rotated.secret } };
    },
  }),
  defineEndpoint({
    method: 'post',
    path: '/v1/subscriptions/:id/test',
    tag,
    summary: 'Send a ping to the subscription',
    permission: 'webhooks:write',
    params: idParams,
    responses: { 202: { description: 'The ping delivery, queued', schema: deliveryView } },
    async handle({ deps, principal, params }) {
      const delivery = await queueTestPing(
        { store: deps.store, producers: deps.producers },
        principal.tenantId,
        params.id,
        clock(deps),
      );
      if (!delivery) throw new AppError('not_found', `No subscription ${params.id}.`);
      return { status: 202, body: toDeliveryView(delivery), headers: { Location: `/v1/deliveries/${delivery.id}` } };
    },
  }),
  defineEndpoint({
    method: 'get',
    path: '/v1/subscriptions/:id/deliveries',
    tag,
    summary: 'Deliveries of a subscription, newest first',
    permission: 'webhooks:read',
    params: idParams,
    query: pageQuery,
    responses: { 200: { description: 'A page of deliveries', schema: pageOf(deliveryView) } },
    async handle({ deps, principal, params, query }) {
      if (!(await deps.store.subscriptions.get(principal.tenantId, params.id)))
        throw new AppError('not_found', `No subscription ${params.id}.`);
      const page = await deps.store.deliveries.listForSubscription(principal.tenantId, params.id, {
        limit: query.limit,
        cursor: query.cursor ?? null,
      });
      return { status: 200, body: { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor } };
    },
  }),
];
