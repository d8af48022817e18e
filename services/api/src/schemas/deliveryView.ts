import type { Delivery, DeliveryAttempt } from '@minerisk/shared/domain/webhook';
import type { z } from 'zod';
import type { deliveryAttemptView, deliveryView } from './webhooks';

/** What the API shows of a delivery: its state, not its payload. */
export function toDeliveryView(d: Delivery): z.infer<typeof deliveryView> {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    deliveredAt: d.deliveredAt,
  };
}

export function toAttemptView(a: DeliveryAttempt): z.infer<typeof deliveryAttemptView> {
  return { attempt: a.attempt, at: a.at, statusCode: a.statusCode, latencyMs: a.latencyMs, error: a.error };
}
