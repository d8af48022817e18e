import { createLogger } from '@minerisk/shared/runtime/logger';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import type { Store } from '@minerisk/shared/store/port';
import { T0, aSite, anEvent, hoursAfterT0 } from '@minerisk/shared/testing/store/builders';
import type { SubjectRef } from '@minerisk/shared/domain';
import { Rescorer, type RescorerOptions } from './rescorer';
import { SubjectRegistry } from './subjectRegistry';

const logger = createLogger('silent', 'test');
const producers = {} as Producers;
/** Fake time: timers fire, and the promises they start settle, as the clock is advanced. */
const advance = (ms: number) => jest.advanceTimersByTimeAsync(ms);

describe('Rescorer', () => {
  let store: Store;
  let registry: SubjectRegistry;
  let rounds: string[][];
  let ref: SubjectRef;
  let eventsPending: boolean;

  beforeEach(async () => {
    store = openSqliteStore({ file: ':memory:' });
    const putMany = store.scores.putManyIfNewer.bind(store.scores);
    rounds = [];
    store.scores.putManyIfNewer = async (scores) => {
      rounds.push(scores.map((s) => s.subjectId));
      return putMany(scores);
    };
    registry = new SubjectRegistry(store, logger);
    const site = aSite({ location: { type: 'Point', coordinates: [-8.0, 12.7] } });
    await store.sites.create(site);
    await store.events.accept([anEvent({ knownAt: T0 })]);
    await registry.reloadAll();
    ref = { tenantId: 'default', type: 'site', id: site.id };
    eventsPending = true;
    jest.useFakeTimers();
  });
  afterEach(async () => {
    jest.useRealTimers();
    await store.close();
  });

  function rescorer(maxDelayMs: number, opts: RescorerOptions = {}) {
    const deps = { store, registry, producers, logger, now: () => new Date(hoursAfterT0(1)), requeue: async () => undefined };
    return new Rescorer(deps, logger, async () => eventsPending, { quietMs: 1, maxDelayMs, ...opts });
  }

  it('waits while events keep coming, then recomputes everything marked in one round', async () => {
    const r = rescorer(60_000);
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    await advance(30);
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    await advance(30);
    expect(rounds).toEqual([]);
    expect(await store.scores.listStale(10)).toEqual([ref]);
    eventsPending = false;
    await advance(30);
    expect(rounds).toEqual([[ref.id]]);
    expect(await store.scores.listStale(10)).toEqual([]);
    expect(r.size).toBe(0);
  });

  it('does not let a steady stream of events hold a subject back longer than maxDelayMs', async () => {
    const r = rescorer(40);
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    await advance(15);
    expect(rounds).toEqual([]);
    await advance(60);
    expect(rounds).toEqual([[ref.id]]);
  });

  it('recomputes what is marked when drained, whatever the stream', async () => {
    const r = rescorer(60_000);
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    await r.drain();
    expect(rounds).toEqual([[ref.id]]);
    expect(await store.scores.listStale(10)).toEqual([]);
  });

  it('schedules nothing once closed, leaving later marks stale in the store for the sweep', async () => {
    const r = rescorer(0);
    await r.close();
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    eventsPending = false;
    await advance(30);
    expect(rounds).toEqual([]);
    expect(await store.scores.listStale(10)).toEqual([ref]);
  });

  it('holds a subject from its mark to the end of its round (the sweep leaves it alone meanwhile)', async () => {
    const r = rescorer(60_000);
    let inRound: boolean | null = null;
    const putMany = store.scores.putManyIfNewer.bind(store.scores);
    store.scores.putManyIfNewer = async (scores) => {
      inRound = r.holds(ref);
      return putMany(scores);
    };
    expect(r.holds(ref)).toBe(false);
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    expect(r.holds(ref)).toBe(true);
    expect(r.holds({ ...ref, id: 'another' })).toBe(false);
    await r.drain();
    expect(inRound).toBe(true);
    expect(r.holds(ref)).toBe(false);
  });

  it('lets a subject wait longer while events keep coming when the last round was slow per subject', async () => {
    const r = rescorer(40, { longRoundDelayCapMs: 5_000 });
    // A round that takes 1 s (fake time) for its one subject (the wrapper of beforeEach records it).
    const putMany = store.scores.putManyIfNewer.bind(store.scores);
    store.scores.putManyIfNewer = async (scores) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return putMany(scores);
    };
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    await advance(1100);
    expect(rounds).toHaveLength(1);
    // The next round for one subject waits about 1 s, not 40 ms: started at 40 ms it would be recorded by 2.2 s.
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    await advance(1100);
    expect(rounds).toHaveLength(1);
    await advance(1500);
    expect(rounds).toHaveLength(2);
  });

  it('defers a subject marked again during its round to the next one, until it has waited the cap', async () => {
    const r = rescorer(10, { longRoundDelayCapMs: 1000 });
    await store.scores.bumpSeq([ref]);
    r.mark([ref]);
    expect(r.deferred(ref)).toBe(false);
    const putMany = store.scores.putManyIfNewer.bind(store.scores);
    const deferredInRound: boolean[] = [];
    store.scores.putManyIfNewer = async (scores) => {
      // An event reaches the subject while its round runs.
      await store.scores.bumpSeq([ref]);
      r.mark([ref]);
      deferredInRound.push(r.deferred(ref));
      await new Promise((resolve) => setTimeout(resolve, 400));
      return putMany(scores);
    };
    await advance(500);
    expect(deferredInRound.length).toBeGreaterThan(0);
    expect(deferredInRound.every(Boolean)).toBe(true);
    // Marked again, with its first mark kept: after the cap it is no longer deferred.
    expect(r.holds(ref)).toBe(true);
    await advance(600);
    expect(r.deferred(ref)).toBe(false);
  });
});
