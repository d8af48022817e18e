/** Test data builders with overrides (docs/contributing.md): a score, a subscription, and producers that only record. */
import type { Queue } from 'bullmq';
import type { Score, Subscription } from '../../domain';
import type { WebhookJob } from '../../contracts/queues';
import type { Producers } from '../../runtime/producers';
import { aScore as storeScore, aSubscription as storeSubscription } from '../store/builders';

/** The store's score, for tenant acme's site_1, with no contributors. */
export function aScore(overrides: Partial<Score> = {}): Score {
  return storeScore({
    tenantId: 'acme',
    subjectId: 'site_1',
    score: 50,
    components: { baseline: 30, incidents: 20, hazards: 0 },
    contributors: [],
    asOf: '2026-03-01T00:00:00.000Z',
    modelVersion: 'test',
    computedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  });
}

export function aContributor(i: number, contribution: number): Score['contributors'][number] {
  return { eventId: `evt_${i}`, title: `event ${i}`, category: 'attack', distanceKm: i, ageDays: 1, contribution };
}

/** The store's subscription, sub_1 of tenant acme, to a local URL. */
export function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return storeSubscription({
    id: 'sub_1',
    tenantId: 'acme',
    url: 'http://127.0.0.1:9/hook',
    threshold: 70,
    secrets: [{ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: '2026-03-01T00:00:00.000Z', expiresAt: null }],
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  });
}

/** Producers for tests that need no Redis: webhook jobs are recorded; anything else is a test bug. */
export function recordingProducers(): Producers & { webhookJobs: (WebhookJob & { delayMs?: number })[] } {
  const webhookJobs: (WebhookJob & { delayMs?: number })[] = [];
  const unused = (): never => {
    throw new Error('not used by webhook tests');
  };
  return {
    webhookJobs,
    enqueueEvents: async () => unused(),
    enqueueRecompute: async () => unused(),
    async enqueueWebhooks(jobs) {
      webhookJobs.push(...jobs);
    },
    queue: (): Queue => unused(),
    async close() {},
  };
}
