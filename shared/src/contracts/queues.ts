import { z } from 'zod';
import { SUBJECT_TYPES } from '../domain/subject';

/**
 * Queue names. NEVER RENAME: jobs already in Redis under the old name would be stranded.
 * Periodic schedulers live on their own queue so "drained" means the others are empty.
 */
export const QUEUES = {
  /** One job per accepted event: match it to subjects and re-score them. */
  events: 'events',
  /** One job per subject to re-score (subject created or changed, periodic or model-version re-score, sweep). */
  recompute: 'recompute',
  /** One job per webhook delivery attempt chain. */
  webhooks: 'webhooks',
  /** Job schedulers: periodic re-score, sweeps, feed polls. */
  schedules: 'schedules',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * The BullMQ prefix of one deployment: QUEUE_PREFIX, then the deployment's identity stored with its data,
 * so two deployments on one Redis never share jobs even with the same QUEUE_PREFIX (docs/operations.md).
 */
export function deploymentQueuePrefix(queuePrefix: string, deploymentIdentity: string): string {
  return `${queuePrefix}:${deploymentIdentity}`;
}

export const eventJobSchema = z.object({ eventId: z.string().min(1) });
export type EventJob = z.infer<typeof eventJobSchema>;

export const recomputeJobSchema = z.object({
  tenantId: z.string().min(1),
  type: z.enum(SUBJECT_TYPES),
  id: z.string().min(1),
  reason: z.enum(['subject-changed', 'periodic', 'sweep', 'model-version', 'event', 'plan-changed', 'route-score']),
  /**
   * Which score of the subject: its location score (absent: jobs queued before supply existed) or its supply
   * score (sites only; docs/architecture.md, Supply exposure).
   */
  metric: z.enum(['score', 'supply']).optional(),
});
export type RecomputeJob = z.infer<typeof recomputeJobSchema>;

export const webhookJobSchema = z.object({
  deliveryId: z.string().min(1),
  /** The delivery's `attempts` when this job was queued: a job whose attempt has already been made is stale. */
  attempt: z.number().int().min(0),
});
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/** Jobs of the schedules queue. (Sweeps run on timers in each worker: they must work when Redis lost everything.) */
export const SCHEDULE_JOBS = {
  /** Every subject, every RESCORE_EVERY_MINUTES: decay and expiries show without new events. */
  rescoreAll: 'rescore-all',
  /** Every subject, once, when stored scores were computed with another model version. */
  rescoreModelVersion: 'rescore-model-version',
} as const;
export const scheduleJobSchema = z.object({ kind: z.enum([SCHEDULE_JOBS.rescoreAll, SCHEDULE_JOBS.rescoreModelVersion]) });
export type ScheduleJob = z.infer<typeof scheduleJobSchema>;

/**
 * Pub/sub channel on which subject changes are announced to every running scoring worker of a deployment:
 * `<deployment queue prefix>:subject-changes` (pub/sub ignores key prefixes, so the name carries it).
 */
export function subjectChangesChannel(deploymentPrefix: string): string {
  return `${deploymentPrefix}:subject-changes`;
}
export const subjectChangeSchema = z.object({
  tenantId: z.string(),
  type: z.enum(SUBJECT_TYPES),
  id: z.string(),
  op: z.enum(['upsert', 'delete']),
});
export type SubjectChange = z.infer<typeof subjectChangeSchema>;

/** Kept jobs: enough to debug, bounded so Redis does not grow without end. */
export const JOB_RETENTION = {
  removeOnComplete: { count: 1000, age: 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
} as const;

/** Retries with exponential backoff and jitter (docs/contributing.md: queues); caps on kept jobs. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.3 },
  ...JOB_RETENTION,
} as const;
