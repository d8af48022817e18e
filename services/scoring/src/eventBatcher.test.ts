import { createLogger } from '@minerisk/shared/runtime/logger';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import type { Store } from '@minerisk/shared/store/port';
import { T0, aSite, anEvent, hoursAfterT0 } from '@minerisk/shared/testing/store/builders';
import { EventBatcher, MissingEventError } from './eventBatcher';
import { SubjectRegistry } from './subjectRegistry';

const logger = createLogger('silent', 'test');
/** No subscriptions exist in these tests, so nothing is ever queued. */
const producers = {} as Producers;

describe('EventBatcher', () => {
  let store: Store;
  let registry: SubjectRegistry;
  let writes: string[];
  const now = () => new Date(hoursAfterT0(1));

  beforeEach(async () => {
    store = openSqliteStore({ file: ':memory:' });
    const putMany = store.scores.putManyIfNewer.bind(store.scores);
    writes = [];
    store.scores.putManyIfNewer = async (scores) => {
      writes.push(...scores.map((s) => s.subjectId));
      return putMany(scores);
    };
    registry = new SubjectRegistry(store, logger);
  });
  afterEach(() => store.close());

  function batcher(requeue = async () => undefined) {
    return new EventBatcher({ store, registry, producers, logger, now, requeue }, logger, { maxWaitMs: 5 });
  }

  it('coalesces the events of one flush into one recompute per subject, then marks them processed', async () => {
    const near = aSite({ location: { type: 'Point', coordinates: [-8.0, 12.7] } });
    const far = aSite({ location: { type: 'Point', coordinates: [2.1, 13.5] } });
    await store.sites.create(near);
    await store.sites.create(far);
    await registry.reloadAll();
    const events = [0, 1, 2].map((i) =>
      anEvent({ geometry: { type: 'Point', coordinates: [-8.0 + i * 0.01, 12.65] }, knownAt: T0 }),
    );
    await store.events.accept(events);

    const b = batcher();
    await Promise.all(events.map((e) => b.submit(e.id)));
    expect(await store.events.listUnprocessed(hoursAfterT0(2), 10)).toEqual([]);
    expect(await store.scores.listStale(10)).toEqual([{ tenantId: 'default', type: 'site', id: near.id }]);
    await b.drain();

    expect(writes).toEqual([near.id]);
    const stored = await store.scores.get('default', 'site', near.id);
    expect(stored!.contributors.map((c) => c.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(await store.scores.get('default', 'site', far.id)).toBeNull();
    const unprocessed = await store.events.listUnprocessed(hoursAfterT0(2), 10);
    expect(unprocessed).toEqual([]);
  });

  it('bumps the subjects of concurrent recompute jobs in one transaction and scores them in one round', async () => {
    const sites = [0, 1, 2].map((i) => aSite({ location: { type: 'Point', coordinates: [-8.0 + i, 12.7] } }));
    for (const s of sites) await store.sites.create(s);
    await registry.reloadAll();
    const refs = sites.map((s) => ({ tenantId: 'default', type: 'site' as const, id: s.id }));
    const bump = store.scores.bumpSeq.bind(store.scores);
    const bumps: number[] = [];
    store.scores.bumpSeq = async (list) => {
      bumps.push(list.length);
      return bump(list);
    };
    const b = batcher();
    // The same subject twice (a job re-queued while its first run waits) is bumped once.
    await Promise.all([...refs, refs[0]!].map((r) => b.submitChanged(r)));
    expect(bumps).toEqual([3]);
    // Completed jobs, not yet scored: stale in the store (a worker dying now leaves them to the sweep) and held.
    expect(await store.scores.listStale(10)).toHaveLength(3);
    expect(refs.every((r) => b.holds(r))).toBe(true);
    await b.drain();
    expect([...writes].sort()).toEqual(sites.map((s) => s.id).sort());
    expect(await store.scores.listStale(10)).toEqual([]);
  });

  it('fails every recompute job of a flush whose bump fails, and marks nothing', async () => {
    const site = aSite({ location: { type: 'Point', coordinates: [-8.0, 12.7] } });
    await store.sites.create(site);
    await registry.reloadAll();
    const ref = { tenantId: 'default', type: 'site' as const, id: site.id };
    store.scores.bumpSeq = async () => {
      throw new Error('disk full');
    };
    const b = batcher();
    await expect(b.submitChanged(ref)).rejects.toThrow('disk full');
    expect(b.holds(ref)).toBe(false);
  });

  it('completes a job whose event an earlier flush already applied without applying it again', async () => {
    const site = aSite({ location: { type: 'Point', coordinates: [-8.0, 12.7] } });
    await store.sites.create(site);
    await registry.reloadAll();
    const event = anEvent({ geometry: { type: 'Point', coordinates: [-8.0, 12.65] }, knownAt: T0 });
    await store.events.accept([event]);
    const ref = { tenantId: 'default', type: 'site' as const, id: site.id };
    const b = batcher();
    await b.submit(event.id);
    await b.drain();
    const seq = await store.scores.currentSeq(ref);
    // The same job again (it stalled while its flush ran, and BullMQ handed it out once more).
    await b.submit(event.id);
    await b.drain();
    expect(await store.scores.currentSeq(ref)).toBe(seq);
    expect(writes).toEqual([site.id]);
    expect(await store.scores.listStale(10)).toEqual([]);
  });

  it('re-scores the subjects an earlier version reached when a cancellation has no geometry', async () => {
    const site = aSite({ location: { type: 'Point', coordinates: [-8.0, 12.7] } });
    await store.sites.create(site);
    await registry.reloadAll();
    const issued = anEvent({ source: 'cap', sourceEventId: 'a/1', version: 1, knownAt: T0 });
    await store.events.accept([issued]);
    const b = batcher();
    await b.submit(issued.id);
    await b.drain();
    expect((await store.scores.get('default', 'site', site.id))!.contributors).toHaveLength(1);

    const cancel = anEvent({
      source: 'cap',
      sourceEventId: 'a/1',
      version: 2,
      status: 'cancelled',
      geometry: null,
      countryCodes: [],
      knownAt: hoursAfterT0(0.5),
    });
    await store.events.accept([cancel]);
    await b.submit(cancel.id);
    await b.drain();
    const after = await store.scores.get('default', 'site', site.id);
    expect(after!.contributors).toEqual([]);
    expect(writes).toEqual([site.id, site.id]);
  });

  it('recomputes a subject once for a burst of flushes', async () => {
    const site = aSite({ location: { type: 'Point', coordinates: [-8.0, 12.7] } });
    await store.sites.create(site);
    await registry.reloadAll();
    const events = Array.from({ length: 6 }, () => anEvent({ knownAt: T0 }));
    await store.events.accept(events);
    const b = new EventBatcher({ store, registry, producers, logger, now, requeue: async () => undefined }, logger, {
      maxBatch: 2,
      maxWaitMs: 1,
      rescorer: { quietMs: 50, maxDelayMs: 60_000 },
    });
    // Three flushes of two, one after the other; the round starts once they are done.
    await Promise.all(events.map((e) => b.submit(e.id)));
    await waitUntil(async () => writes.length > 0);
    expect(writes).toEqual([site.id]);
    expect((await store.scores.get('default', 'site', site.id))!.contributors).toHaveLength(6);
    expect(await store.scores.listStale(10)).toEqual([]);
  });

  /** A site near Bamako that knows of one stored attack there. */
  async function aSiteAndAnEvent() {
    const site = aSite({ location: { type: 'Point', coordinates: [-8.0, 12.7] } });
    await store.sites.create(site);
    await registry.reloadAll();
    const e = anEvent({ knownAt: T0 });
    await store.events.accept([e]);
    return { site, e };
  }

  it('fails every job of a flush that fails, and marks none processed', async () => {
    const { e } = await aSiteAndAnEvent();
    store.scores.bumpSeq = async () => {
      throw new Error('disk full');
    };
    await expect(batcher().submit(e.id)).rejects.toThrow('disk full');
    expect((await store.events.listUnprocessed(hoursAfterT0(2), 10)).map((x) => x.id)).toEqual([e.id]);
  });

  it('fails the jobs whose event the store lacks, loudly, and applies the rest of the flush', async () => {
    const { site, e } = await aSiteAndAnEvent();
    const missing: number[] = [];
    const b = new EventBatcher({ store, registry, producers, logger, now, requeue: async () => undefined }, logger, {
      maxWaitMs: 5,
      onMissing: (n) => missing.push(n),
    });
    const [found, lost] = await Promise.allSettled([b.submit(e.id), b.submit('evt_not_in_this_store')]);
    expect(found.status).toBe('fulfilled');
    expect(lost).toEqual({ status: 'rejected', reason: new MissingEventError('evt_not_in_this_store') });
    expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(MissingEventError);
    expect(missing).toEqual([1]);
    expect(await store.events.listUnprocessed(hoursAfterT0(2), 10)).toEqual([]);
    await b.drain();
    expect((await store.scores.get('default', 'site', site.id))!.contributors.map((c) => c.eventId)).toEqual([e.id]);
  });

  it('keeps the subjects of a failed recompute round and tries again', async () => {
    const { site, e } = await aSiteAndAnEvent();
    const putMany = store.scores.putManyIfNewer;
    let failures = 0;
    store.scores.putManyIfNewer = async (scores) => {
      if (failures++ === 0) throw new Error('disk full');
      return putMany(scores);
    };
    const b = new EventBatcher({ store, registry, producers, logger, now, requeue: async () => undefined }, logger, {
      maxWaitMs: 1,
      rescorer: { quietMs: 1, retryMs: 10 },
    });
    await b.submit(e.id);
    expect(await store.events.listUnprocessed(hoursAfterT0(2), 10)).toEqual([]);
    await waitUntil(async () => (await store.scores.get('default', 'site', site.id)) !== null);
    expect(failures).toBe(2);
    expect(await store.scores.listStale(10)).toEqual([]);
  });
});

async function waitUntil(done: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
