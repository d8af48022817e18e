import type { Queue } from 'bullmq';
import type { RecomputeJob } from '@minerisk/shared/contracts/queues';
import { createLogger } from '@minerisk/shared/runtime/logger';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import { T0 } from '@minerisk/shared/testing/store/builders';
import { sweepEvents } from './sweep';

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
      logger: createLogger('silent', 'test'),
      now: () => new Date(),
    });
    expect(result).toMatchObject({ staleSubjects: 0, staleSupply: 1 });
    expect(queued).toEqual([{ ...site, reason: 'sweep', metric: 'supply' }]);
    store.close();
  });
});
