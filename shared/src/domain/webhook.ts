import type { SubjectType } from './subject';

export const DIRECTIONS = ['up', 'down', 'both'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const DEFAULT_HYSTERESIS = 5;

export interface SubscriptionSecret {
  /** Standard Webhooks secret, `whsec_` + base64. */
  secret: string;
  createdAt: string;
  /** After rotation the old secret keeps signing beside the new one until then (24 h). */
  expiresAt: string | null;
}

/** What a subscription watches: a subject's location score, or a site's supply score (docs/api.md, Supply chains). */
export const SUBSCRIPTION_METRICS = ['score', 'supply'] as const;
export type SubscriptionMetric = (typeof SUBSCRIPTION_METRICS)[number];

export interface Subscription {
  id: string;
  tenantId: string;
  url: string;
  threshold: number;
  direction: Direction;
  hysteresis: number;
  filter: { subjectType?: SubjectType; subjectIds?: string[] };
  /** Default `score`; `supply` applies to sites with a plan. */
  metric: SubscriptionMetric;
  description: string | null;
  /** The condition must hold this long before it fires; 0 fires at once. */
  pendingMinutes: number;
  /** After a crossing fires, further crossings of this pair wait this long. */
  cooldownMinutes: number;
  secrets: SubscriptionSecret[];
  status: 'active' | 'disabled';
  disabledReason: string | null;
  /** First failure of an unbroken run of failed deliveries; null when the last one succeeded. */
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The stored state of one (subscription, subject) pair, so a restart neither re-fires nor forgets. */
export interface SubscriptionState {
  tenantId: string;
  subscriptionId: string;
  subjectType: SubjectType;
  subjectId: string;
  /** `beyond`: a crossing was sent and not yet resolved. */
  state: 'clear' | 'beyond';
  /** Direction of the unresolved crossing. */
  crossedDirection: 'up' | 'down' | null;
  /** When the pending condition started to hold, for pendingMinutes. */
  pendingSince: string | null;
  lastScore: number | null;
  lastFiredAt: string | null;
  sequence: number;
  updatedAt: string;
}

export const WEBHOOK_EVENT_TYPES = ['risk.threshold.crossed', 'risk.threshold.resolved', 'ping'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  /** Also the `webhook-id` header: stable across every attempt. */
  id: string;
  tenantId: string;
  subscriptionId: string;
  eventType: WebhookEventType;
  /** The exact JSON body sent (signed afresh on every attempt). */
  payload: string;
  status: DeliveryStatus;
  /** Every attempt ever made (the attempt log numbers them 1..attempts). */
  attempts: number;
  /**
   * Attempts since the current attempt chain began (creation, or the last redeliver): the retry schedule
   * counts these, so a redelivered message starts again at "at once, 5 s, 5 min...".
   */
  chainAttempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface DeliveryAttempt {
  deliveryId: string;
  tenantId: string;
  attempt: number;
  at: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}
