import { createLogger } from '@minerisk/shared/runtime/logger';
import { createProducers, recomputeDedupId, type Producers } from '@minerisk/shared/runtime/producers';
import { redisConnection } from '@minerisk/shared/runtime/redis';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import type { Store } from '@minerisk/shared/store/port';
import { T0, aSite, anEvent, hoursAfterT0 } from '@minerisk/shared/testing/store/builders';
import { startTestRedis, type TestRedis } from '../../../tests/helpers/redisServer';
import { sweepEvents, type SweepDeps } from './sweep';
import type { Queue } from 'bullmq';
import { QUEUES, type RecomputeJob } from '@minerisk/shared/contracts/queues';

describe('sweep', () => {
  it('re-queues the sites whose supply sequence is ahead of their supply score, as supply recomputes', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const queued: RecomputeJob[] = [];
    const producers = {
      enqueueEvents: async () => undefined,
      enqueueRecompute: async (jobs: RecomputeJob[]) => void queued.push(...jobs),
    } as unknown as Producers;
    const site = { tenantId: 'acme', type: 'site' as const, id: 'site_1' };
    await store.supply.putPlan({ tenantId: 'acme', siteId: 'site_1', inputs: [], updatedAt: T0 });
    // A worker died between a route-score write (which bumped the site's supply sequence) and the supply write.
    await store.supply.bumpSeq([site]);
    const result = await sweepEvents({
      store,
      producers,
      eventsQueue: {} as Queue,
      // No recompute job is queued for anything: every stale subject is lost work.
      recomputeQueue: { getDeduplicationJobId: async () => null } as unknown as Queue,
      logger: createLogger('silent', 'test'),
      now: () => new Date(),
    });
    expect(result).toMatchObject({ staleSubjects: 0, staleSupply: 1 });
    expect(queued).toEqual([{ ...site, reason: 'sweep', metric: 'supply' }]);
    store.close();
  });
});

describe('sweep of stale subjects', () => {
  let redis: TestRedis;
  let store: Store;
  let producers: Producers;
  let connection: ReturnType<typeof redisConnection>;

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => redis.stop());
  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
    connection = redisConnection(redis.url, 'producer');
    producers = createProducers(connection, `sweep-${Math.random().toString(36).slice(2)}`);
  });
  afterEach(async () => {
    await producers.close();
    connection.disconnect();
    await store.close();
  });

  const sweep = (holds?: SweepDeps['holds']) =>
    sweepEvents({
      store,
      producers,
      eventsQueue: producers.queue(QUEUES.events),
      recomputeQueue: producers.queue(QUEUES.recompute),
      logger: createLogger('silent', 'test'),
      now: () => new Date(hoursAfterT0(1)),
      holds,
    });

  it('leaves a stale subject whose recompute job is still queued, and re-queues one whose job was lost', async () => {
    const site = aSite({ tenantId: 'acme' });
    await store.sites.create(site);
    const ref = { tenantId: 'acme', type: 'site' as const, id: site.id };
    await store.scores.bumpSeq([ref]);
    await producers.enqueueRecompute([{ ...ref, reason: 'subject-changed' }]);

    expect(await store.scores.listStale(10)).toEqual([ref]);
    expect(await sweep()).toMatchObject({ staleSubjects: 0 });
    expect(await producers.queue(QUEUES.recompute).getWaitingCount()).toBe(1);

    // Redis loses the job (FLUSHALL, a restart without AOF): the sweep puts it back.
    await producers.queue(QUEUES.recompute).obliterate({ force: true });
    expect(await producers.queue(QUEUES.recompute).getDeduplicationJobId(recomputeDedupId(ref))).toBeNull();
    expect(await sweep()).toMatchObject({ staleSubjects: 1 });
    const jobs = await producers.queue(QUEUES.recompute).getWaiting();
    expect(jobs.map((j) => j.data)).toEqual([{ ...ref, reason: 'sweep' }]);
  });

  it('leaves a stale subject this worker holds for a round, though no job is queued for it', async () => {
    const site = aSite({ tenantId: 'acme' });
    await store.sites.create(site);
    const ref = { tenantId: 'acme', type: 'site' as const, id: site.id };
    await store.scores.bumpSeq([ref]);
    const held = await sweep((r, metric) => metric === undefined && r.id === site.id);
    expect(held).toMatchObject({ staleSubjects: 0 });
    expect(await producers.queue(QUEUES.recompute).getWaitingCount()).toBe(0);
    // The same subject, not held (its worker died): lost, re-queued.
    expect(await sweep()).toMatchObject({ staleSubjects: 1 });
    expect((await producers.queue(QUEUES.recompute).getWaiting()).map((j) => j.data)).toEqual([{ ...ref, reason: 'sweep' }]);
  });
});

describe('sweep of unprocessed events', () => {
  it('re-queues an event with no job only if the store still calls it unprocessed after the job was looked up', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const lost = anEvent({ sourceEventId: 'lost', knownAt: T0 });
    const done = anEvent({ sourceEventId: 'done', knownAt: T0 });
    const accepted = await store.events.accept([lost, done]);
    const [lostId, doneId] = accepted.map((a) => a.id);
    const queued: string[] = [];
    const producers = { enqueueEvents: async (ids: string[]) => void queued.push(...ids) } as unknown as Producers;
    // Between the listing and the look-up, the job of `done` completes (its event marked processed first) and is
    // removed; `lost` never had a job.
    const eventsQueue = {
      getJob: async (id: string) => {
        if (id === doneId) await store.events.markProcessed([doneId], hoursAfterT0(1));
        return undefined;
      },
    } as unknown as Queue;
    const result = await sweepEvents({
      store,
      producers,
      eventsQueue,
      recomputeQueue: { getDeduplicationJobId: async () => null } as unknown as Queue,
      logger: createLogger('silent', 'test'),
      now: () => new Date(hoursAfterT0(1)),
    });
    expect(result.requeuedEvents).toBe(1);
    expect(queued).toEqual([lostId]);
    await store.close();
  });
});
