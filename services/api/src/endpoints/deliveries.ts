import { AppError } from '@minerisk/shared/domain/errors';
import { redeliver } from '../subscriptions/subscriptionRules';
import { clock } from '../deps';
import { defineEndpoint, type Endpoint } from '../http/endpoint';
import { idParams } from '../schemas/common';
import { deliveryDetailView, deliveryView } from '../schemas/webhooks';
import { toAttemptView, toDeliveryView } from '../schemas/deliveryView';

const tag = 'Webhooks';

/** docs/api.md "Webhooks": deliveries. */
export const deliveryEndpoints: Endpoint[] = [
  defineEndpoint({
    method: 'get',
    path: '/v1/deliveries/:id',
    tag,
    summary: 'A delivery with its attempt log',
    permission: 'webhooks:read',
    params: idParams,
    responses: { 200: { description: 'The delivery', schema: deliveryDetailView } },
    async handle({ deps, principal, params }) {
      const delivery = await deps.store.deliveries.get(principal.tenantId, params.id);
      if (!delivery) throw new AppError('not_found', `No delivery ${params.id}.`);
      const attempts = await deps.store.deliveries.attempts(principal.tenantId, params.id);
      return { status: 200, body: { ...toDeliveryView(delivery), attemptLog: attempts.map(toAttemptView) } };
    },
  }),
  defineEndpoint({
    method: 'post',
    path: '/v1/deliveries/:id/redeliver',
    tag,
    summary: 'Send a delivery again (same webhook-id, signed afresh)',
    permission: 'webhooks:write',
    params: idParams,
    responses: { 202: { description: 'The delivery, queued again', schema: deliveryView } },
    async handle({ deps, principal, params }) {
      const delivery = await redeliver(
        { store: deps.store, producers: deps.producers },
        principal.tenantId,
        params.id,
        clock(deps),
      );
      if (!delivery) throw new AppError('not_found', `No delivery ${params.id}.`);
      return { status: 202, body: toDeliveryView(delivery) };
    },
  }),
];
