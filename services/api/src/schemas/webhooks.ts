import { z } from 'zod';
import { SUBJECT_TYPES } from '@minerisk/shared/domain/subject';
import { DIRECTIONS, SUBSCRIPTION_METRICS, WEBHOOK_EVENT_TYPES } from '@minerisk/shared/domain/webhook';
import { isoTime, resourceId, score100 } from './common';

/** A subscription as docs/api.md shows it: never its secrets. */
export const subscriptionView = z
  .object({
    id: resourceId,
    url: z.string(),
    threshold: score100,
    direction: z.enum(DIRECTIONS),
    hysteresis: z.number().min(0),
    filter: z.object({ subjectType: z.enum(SUBJECT_TYPES).optional(), subjectIds: z.array(z.string()).optional() }),
    metric: z.enum(SUBSCRIPTION_METRICS),
    description: z.string().nullable(),
    pendingMinutes: z.number().min(0).optional(),
    cooldownMinutes: z.number().min(0).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    disabledReason: z.string().nullable().optional(),
    failingSince: isoTime.nullable().optional(),
    createdAt: isoTime.optional(),
    updatedAt: isoTime.optional(),
  })
  .meta({ id: 'Subscription' });

export const subscriptionWithSecret = subscriptionView
  .extend({
    secret: z
      .string()
      .regex(/^whsec_/)
      .meta({ description: 'Standard Webhooks secret: shown only on creation and rotation' }),
  })
  .meta({ id: 'SubscriptionWithSecret' });

/** docs/api.md: id, eventType, status, attempts, lastStatusCode, timestamps. */
export const deliveryView = z
  .object({
    id: resourceId,
    subscriptionId: resourceId,
    eventType: z.enum(WEBHOOK_EVENT_TYPES),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int().min(0),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    deliveredAt: isoTime.nullable(),
  })
  .meta({ id: 'Delivery' });

export const deliveryAttemptView = z.object({
  attempt: z.number().int().min(1),
  at: isoTime,
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().min(0),
  error: z.string().nullable(),
});

export const deliveryDetailView = deliveryView
  .extend({ attemptLog: z.array(deliveryAttemptView) })
  .meta({ id: 'DeliveryDetail' });
