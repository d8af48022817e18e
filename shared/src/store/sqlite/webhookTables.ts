import type { Delivery, DeliveryAttempt, Subscription, SubscriptionState } from '../../domain';
import { defineTable } from './table';

export const subscriptions = defineTable<Subscription>('subscriptions', {
  id: 'text',
  tenantId: 'text',
  url: 'text',
  threshold: 'num',
  direction: 'text',
  hysteresis: 'num',
  filter: 'json',
  metric: 'text',
  description: 'text',
  pendingMinutes: 'num',
  cooldownMinutes: 'num',
  secrets: 'json',
  status: 'text',
  disabledReason: 'text',
  failingSince: 'time',
  createdAt: 'time',
  updatedAt: 'time',
});

export const subscriptionStates = defineTable<SubscriptionState>('subscription_states', {
  tenantId: 'text',
  subscriptionId: 'text',
  subjectType: 'text',
  subjectId: 'text',
  state: 'text',
  crossedDirection: 'text',
  pendingSince: 'time',
  lastScore: 'num',
  lastFiredAt: 'time',
  sequence: 'num',
  updatedAt: 'time',
});

export const deliveries = defineTable<Delivery>('deliveries', {
  id: 'text',
  tenantId: 'text',
  subscriptionId: 'text',
  eventType: 'text',
  payload: 'text',
  status: 'text',
  attempts: 'num',
  chainAttempts: 'num',
  lastStatusCode: 'num',
  lastError: 'text',
  nextAttemptAt: 'time',
  createdAt: 'time',
  updatedAt: 'time',
  deliveredAt: 'time',
});

export const deliveryAttempts = defineTable<DeliveryAttempt>('delivery_attempts', {
  deliveryId: 'text',
  tenantId: 'text',
  attempt: 'num',
  at: 'time',
  statusCode: 'num',
  latencyMs: 'num',
  error: 'text',
});
