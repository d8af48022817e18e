import type { Delivery, WebhookEventType } from '../domain';
import { newId } from '../domain/ids';

/** A pending delivery, due at once. Its id is the `webhook-id` of every attempt (Standard Webhooks `msg_` ids). */
export function newDelivery(
  sub: { tenantId: string; id: string },
  eventType: WebhookEventType,
  payload: unknown,
  now: Date,
): Delivery {
  const at = now.toISOString();
  return {
    id: newId('msg'),
    tenantId: sub.tenantId,
    subscriptionId: sub.id,
    eventType,
    payload: JSON.stringify(payload),
    status: 'pending',
    attempts: 0,
    chainAttempts: 0,
    lastStatusCode: null,
    lastError: null,
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
    deliveredAt: null,
  };
}
