import { z } from 'zod';
import { AppError } from '@minerisk/shared/domain/errors';
import {
  DEFAULT_HYSTERESIS,
  DIRECTIONS,
  SUBJECT_TYPES,
  SUBSCRIPTION_METRICS,
  type Delivery,
  type Subscription,
} from '@minerisk/shared/domain';
import { newId } from '@minerisk/shared/domain/ids';
import type { Producers } from '@minerisk/shared/runtime/producers';
import type { Store } from '@minerisk/shared/store/port';
import { newDelivery } from '@minerisk/shared/webhooks/deliveries';
import { pingPayload } from '@minerisk/shared/webhooks/payload';
import { ensureDeliveryQueued } from '@minerisk/shared/webhooks/queueing';
import { newWebhookSecret, rotateSecrets } from '@minerisk/shared/webhooks/secrets';

const WEEK_MINUTES = 7 * 24 * 60;

/** http and https only (the SSRF guard checks the address itself at connect time); no credentials in the URL. */
const webhookUrl = z
  .url({ protocol: /^https?$/, message: 'an http:// or https:// URL' })
  .max(2048)
  // zod runs refinements after a failed check too: only judge what parses.
  .refine(
    (u) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === ''),
    'credentials in the URL are not supported: verify the signature instead',
  );

/** `POST /v1/subscriptions` body (docs/api.md "Webhooks"). */
export const subscriptionInputSchema = z
  .object({
    url: webhookUrl,
    threshold: z.number().min(0).max(100),
    direction: z.enum(DIRECTIONS),
    filter: z
      .object({
        subjectType: z.enum(SUBJECT_TYPES).optional(),
        subjectIds: z.array(z.string().min(1).max(64)).max(1000).optional(),
      })
      .strict()
      .optional(),
    /** What is watched: the location score (default) or, for sites with a plan, the supply score. */
    metric: z.enum(SUBSCRIPTION_METRICS).default('score'),
    /** Points back past the threshold before `resolved` is sent. Default 5. */
    hysteresis: z.number().min(0).max(50).default(DEFAULT_HYSTERESIS),
    description: z.string().trim().max(500).optional(),
    /** Minutes the crossing must hold before it is sent. Default 0 (at once). */
    pendingMinutes: z.number().int().min(0).max(WEEK_MINUTES).default(0),
    /** Minutes after a crossing during which a new crossing of the same subject waits. Default 0. */
    cooldownMinutes: z.number().int().min(0).max(WEEK_MINUTES).default(0),
  })
  .strict();
export type SubscriptionInput = z.input<typeof subscriptionInputSchema>;

export interface WebhookDeps {
  store: Store;
  producers: Producers;
}

/** A subscription as the API shows it: everything but the secrets (shown once, at creation and rotation). */
export type PublicSubscription = Omit<Subscription, 'secrets'>;

export function publicSubscription(sub: Subscription): PublicSubscription {
  const { secrets: _secrets, ...rest } = sub;
  return rest;
}

export async function createSubscription(
  store: Store,
  tenantId: string,
  input: SubscriptionInput,
  now: Date,
): Promise<{ subscription: Subscription; secret: string }> {
  const parsed = subscriptionInputSchema.parse(input);
  if (parsed.metric === 'supply' && parsed.filter?.subjectType === 'route')
    throw new AppError('unprocessable', 'A supply subscription applies to sites only: filter.subjectType may not be route.', [
      { path: 'body.filter.subjectType', message: 'supply applies to sites only' },
    ]);
  const at = now.toISOString();
  const secret = newWebhookSecret();
  const subscription: Subscription = {
    id: newId('sub'),
    tenantId,
    url: parsed.url,
    threshold: parsed.threshold,
    direction: parsed.direction,
    hysteresis: parsed.hysteresis,
    filter: { ...parsed.filter },
    metric: parsed.metric,
    description: parsed.description ?? null,
    pendingMinutes: parsed.pendingMinutes,
    cooldownMinutes: parsed.cooldownMinutes,
    secrets: [{ secret, createdAt: at, expiresAt: null }],
    status: 'active',
    disabledReason: null,
    failingSince: null,
    createdAt: at,
    updatedAt: at,
  };
  await store.subscriptions.create(subscription);
  return { subscription, secret };
}

/** A new secret; the old one keeps signing beside it for 24 h, so receivers can switch without a gap. */
export async function rotateSecret(
  store: Store,
  tenantId: string,
  id: string,
  now: Date,
): Promise<{ subscription: Subscription; secret: string } | null> {
  const sub = await store.subscriptions.get(tenantId, id);
  if (!sub) return null;
  const rotated = rotateSecrets(sub.secrets, now);
  const subscription: Subscription = { ...sub, secrets: rotated.secrets, updatedAt: now.toISOString() };
  if (!(await store.subscriptions.update(subscription))) return null;
  return { subscription, secret: rotated.secret };
}

/** `POST /v1/subscriptions/:id/test`: a signed `ping`, delivered, retried and logged like any other event. */
export async function queueTestPing(deps: WebhookDeps, tenantId: string, id: string, now: Date): Promise<Delivery | null> {
  const sub = await deps.store.subscriptions.get(tenantId, id);
  if (!sub) return null;
  const delivery = newDelivery(sub, 'ping', pingPayload(sub, now), now);
  await deps.store.deliveries.create(delivery);
  await deps.producers.enqueueWebhooks([{ deliveryId: delivery.id, attempt: delivery.attempts }]);
  return delivery;
}

/**
 * `POST /v1/deliveries/:id/redeliver`: the same message again, so the same `webhook-id` (Standard Webhooks:
 * the id is the idempotency key and stays the same when a message is resent), the same body, signed afresh,
 * with a new attempt chain (the retry schedule starts over; the attempt log keeps counting).
 */
export async function redeliver(deps: WebhookDeps, tenantId: string, deliveryId: string, now: Date): Promise<Delivery | null> {
  const found = await deps.store.deliveries.get(tenantId, deliveryId);
  if (!found) return null;
  const at = now.toISOString();
  const delivery: Delivery = { ...found, status: 'pending', chainAttempts: 0, nextAttemptAt: at, updatedAt: at };
  await deps.store.deliveries.update(delivery);
  await ensureDeliveryQueued(deps.producers, delivery, { promote: true });
  return delivery;
}
