import type { Connection, Model } from 'mongoose';
import type { SubscriptionState } from '../../domain';
import { deliveryAttemptSchema, deliverySchema, subscriptionSchema, subscriptionStateSchema } from './webhookSchemas';

/** Subscriptions and deliveries share their models (a crossing writes both), so they are compiled once here. */
export interface WebhookModels {
  Subscriptions: Model<unknown>;
  States: Model<unknown>;
  Deliveries: Model<unknown>;
  Attempts: Model<unknown>;
}

export function webhookModels(conn: Connection): WebhookModels {
  return {
    Subscriptions: conn.model<unknown>('Subscription', subscriptionSchema, 'subscriptions'),
    States: conn.model<unknown>('SubscriptionState', subscriptionStateSchema, 'subscription_states'),
    Deliveries: conn.model<unknown>('Delivery', deliverySchema, 'deliveries'),
    Attempts: conn.model<unknown>('DeliveryAttempt', deliveryAttemptSchema, 'delivery_attempts'),
  };
}

/** `_id` of a pair's state. Tenant and type cannot contain `|`, so the key is unambiguous. */
export function stateKey(s: Pick<SubscriptionState, 'tenantId' | 'subscriptionId' | 'subjectType' | 'subjectId'>): string {
  return `${s.tenantId}|${s.subjectType}|${s.subscriptionId}|${s.subjectId}`;
}
