/**
 * docs/operations.md "Deployment identity": two deployments (two stores) on one Redis with the same
 * QUEUE_PREFIX never share jobs: each deployment's worker processes every event of its own, and only those.
 * Bad job data fails at once, without retries.
 */
import { QUEUES } from '@minerisk/shared/contracts/queues';
import { acceptDocument } from '@minerisk/shared/ingest/accept';
import type { RunningService } from '@minerisk/shared/runtime/context';
import { aSite } from '@minerisk/shared/testing/store/builders';
import { startScoring } from '../../../services/scoring/src/service';
import { anIncident } from '../../helpers/incidents';
import { anyEventUnprocessed, scoringDrained, startPipelineEnv, type PipelineEnv } from '../../helpers/pipeline';
import { waitFor } from '../../helpers/processes';
import { startTestRedis, type TestRedis } from '../../helpers/redisServer';

const EVENTS_EACH = 40;

describe('two deployments on one Redis with the same QUEUE_PREFIX', () => {
  let redis: TestRedis;
  const deployments: PipelineEnv[] = [];
  const workers: RunningService[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    for (let i = 0; i < 2; i++) deployments.push(await startPipelineEnv({ redis, extraEnv: { QUEUE_PREFIX: 'same' } }));
    for (const d of deployments) workers.push(await startScoring(d.opened.ctx, { schedules: false }));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    for (const d of deployments) await d.close();
    await redis.stop();
  });

  it('keeps each deployment’s jobs to itself: every event of each is processed by its own worker', async () => {
    const [a, b] = deployments.map((d) => d.opened.ctx);
    expect(a!.config.QUEUE_PREFIX).toBe(b!.config.QUEUE_PREFIX);

    const eventIds: string[][] = [];
    for (const [n, ctx] of [a!, b!].entries()) {
      const site = aSite({ location: { type: 'Point', coordinates: [-8.0, 12.7] }, radiusKm: 100 });
      await ctx.store.sites.create(site);
      await ctx.producers.enqueueRecompute([{ tenantId: site.tenantId, type: 'site', id: site.id, reason: 'subject-changed' }]);
      const items = Array.from({ length: EVENTS_EACH }, (_, k) => ({
        index: k,
        kind: 'event' as const,
        event: anIncident({
          sourceEventId: `deployment-${n}-event-${k}`,
          geometry: { type: 'Point', coordinates: [-8.0 + k * 0.005, 12.65] },
        }),
      }));
      const report = await acceptDocument({ store: ctx.store, enqueueEvents: ctx.producers.enqueueEvents }, null, {
        format: 'geojson',
        items,
      });
      expect(report.accepted).toBe(EVENTS_EACH);
      eventIds.push(report.eventIds);
    }

    await waitFor('both deployments to drain', async () => (await scoringDrained(a!)) && (await scoringDrained(b!)), 60_000, 100);
    for (const [n, ctx] of [a!, b!].entries()) {
      expect(await anyEventUnprocessed(ctx.store)).toBe(false);
      const events = ctx.producers.queue(QUEUES.events);
      const completed = (await events.getJobs(['completed'], 0, -1)).map((j) => j.id).sort();
      expect({ deployment: n, completed }).toEqual({ deployment: n, completed: [...eventIds[n]!].sort() });
      expect(await events.getJobCounts('failed')).toEqual({ failed: 0 });
      const missing = await ctx.registry.getSingleMetric('scoring_events_missing_total')!.get();
      expect(missing.values.reduce((t, v) => t + v.value, 0)).toBe(0);
      const { items } = await ctx.store.scores.list('default', {}, { limit: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]!.contributors.map((c) => c.eventId).every((id) => eventIds[n]!.includes(id))).toBe(true);
    }
    expect(a!.queuePrefix).not.toBe(b!.queuePrefix);
    expect(a!.subjectChangesChannel).not.toBe(b!.subjectChangesChannel);
  });

  it('fails a job whose data can never be valid at once, without retries', async () => {
    const ctx = deployments[0]!.opened.ctx;
    const events = ctx.producers.queue(QUEUES.events);
    const job = await events.add('event', { eventId: 42 } as unknown as { eventId: string }, { jobId: 'bad-payload' });
    await waitFor('the bad job to fail', async () => (await job.getState()) === 'failed', 10_000, 50);
    const failed = (await events.getJob('bad-payload'))!;
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/^bad events job bad-payload: /);
    await waitFor(
      'the failure to be counted',
      async () => {
        const m = await ctx.registry.getSingleMetric('scoring_jobs_failed_total')!.get();
        return m.values.some((v) => v.labels.queue === QUEUES.events && v.labels.retried === 'false' && v.value === 1);
      },
      5_000,
      50,
    );
  });
});
