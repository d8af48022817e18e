import { Schema } from 'mongoose';
import { PLAIN } from './mapping';

const { Mixed } = Schema.Types;

export const subscriptionSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    url: { type: String, required: true },
    threshold: { type: Number, required: true },
    direction: { type: String, required: true },
    hysteresis: { type: Number, required: true },
    filter: { type: Mixed, required: true },
    metric: { type: String, default: 'score' },
    description: { type: String, default: null },
    pendingMinutes: { type: Number, required: true },
    cooldownMinutes: { type: Number, required: true },
    secrets: { type: Mixed, required: true },
    status: { type: String, required: true },
    disabledReason: { type: String, default: null },
    failingSince: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  PLAIN,
);
// subscriptions.list(tenantId) newest first; listActive(tenantId) filters status in the index.
subscriptionSchema.index({ tenantId: 1, status: 1, _id: -1 });
subscriptionSchema.index({ tenantId: 1, _id: -1 });

/**
 * One (subscription, subject) pair, `_id` = tenant|subscription|type|subject. `outbox` holds the deliveries
 * written by the CAS that produced them until they are in the deliveries collection (outbox.ts).
 */
export const subscriptionStateSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    state: { type: String, required: true },
    crossedDirection: { type: String, default: null },
    pendingSince: { type: Date, default: null },
    lastScore: { type: Number, default: null },
    lastFiredAt: { type: Date, default: null },
    sequence: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    outbox: { type: [Mixed], default: [] },
  },
  PLAIN,
);
// subscriptions.deleteStatesForSubject.
subscriptionStateSchema.index({ tenantId: 1, subjectType: 1, subjectId: 1 });
// subscriptions.delete: the states of a deleted subscription.
subscriptionStateSchema.index({ tenantId: 1, subscriptionId: 1 });
// deliveries.listPending: states whose outbox was not yet flushed. Keyed by the deliveries' ids (not whole
// deliveries), and partial: only states with a delivery still to move are in it.
subscriptionStateSchema.index({ 'outbox.id': 1 }, { partialFilterExpression: { 'outbox.id': { $exists: true } } });

export const deliverySchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    eventType: { type: String, required: true },
    payload: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    chainAttempts: { type: Number, required: true },
    lastStatusCode: { type: Number, default: null },
    lastError: { type: String, default: null },
    nextAttemptAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
  },
  PLAIN,
);
// deliveries.listForSubscription(tenantId, subscriptionId) newest first.
deliverySchema.index({ tenantId: 1, subscriptionId: 1, _id: -1 });
// deliveries.listPending: pending, due first.
deliverySchema.index({ status: 1, nextAttemptAt: 1, _id: 1 });

/** `_id` = deliveryId#attempt: recording an attempt twice (a retried job) replaces it. */
export const deliveryAttemptSchema = new Schema(
  {
    _id: String,
    deliveryId: { type: String, required: true },
    tenantId: { type: String, required: true },
    attempt: { type: Number, required: true },
    at: { type: Date, required: true },
    statusCode: { type: Number, default: null },
    latencyMs: { type: Number, required: true },
    error: { type: String, default: null },
  },
  PLAIN,
);
// deliveries.attempts(tenantId, deliveryId) in attempt order.
deliveryAttemptSchema.index({ tenantId: 1, deliveryId: 1, attempt: 1 });
