import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '@minerisk/shared/store/port';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import { evaluateCrossings } from './crossings';
import { aContributor, aScore, aSubscription, recordingProducers } from '@minerisk/shared/testing/webhooks/builders';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('evaluateCrossings (SQLite store)', () => {
  let store: Store;
  let producers: ReturnType<typeof recordingProducers>;
  const evaluate = (score: number, previousScore: number | null, now = T0, overrides = {}) =>
    evaluateCrossings(
      { store, producers, now },
      { score: aScore({ score, ...overrides }), previousScore, subjectName: 'Syama mine' },
    );

  beforeEach(async () => {
    store = openSqliteStore({ file: ':memory:' });
    producers = recordingProducers();
    await store.subscriptions.create(aSubscription());
  });
  afterEach(() => store.close());

  it('stores one pending delivery for a crossing, with the docs/api.md payload plus sequence and top contributors, and queues it', async () => {
    const contributors = [5, 30, 1, 12, 8, 20].map((c, i) => aContributor(i, c));
    const [delivery, ...more] = await evaluateCrossings(
      { store, producers, now: T0 },
      { score: aScore({ score: 72.04, contributors }), previousScore: 61.3, subjectName: 'Syama mine' },
    );
    expect(more).toEqual([]);
    expect(delivery).toMatchObject({
      tenantId: 'acme',
      subscriptionId: 'sub_1',
      eventType: 'risk.threshold.crossed',
      status: 'pending',
      attempts: 0,
    });
    expect(JSON.parse(delivery!.payload)).toEqual({
      type: 'risk.threshold.crossed',
      timestamp: T0.toISOString(),
      data: {
        subscriptionId: 'sub_1',
        subject: { type: 'site', id: 'site_1', name: 'Syama mine' },
        score: 72,
        previousScore: 61.3,
        threshold: 70,
        direction: 'up',
        metric: 'score',
        contributors: [30, 20, 12, 8, 5].map((c) => expect.objectContaining({ contribution: c })),
        sequence: 1,
      },
    });
    expect(await store.deliveries.getById(delivery!.id)).toEqual(delivery);
    expect(producers.webhookJobs).toEqual([{ deliveryId: delivery!.id, attempt: 0 }]);
    expect(await store.subscriptions.getState('acme', 'sub_1', 'site', 'site_1')).toMatchObject({
      state: 'beyond',
      sequence: 1,
      lastScore: 72,
    });
  });

  it('an input flapping around the threshold within the hysteresis sends nothing more', async () => {
    await evaluate(75, 60);
    for (const [score, prev] of [
      [69, 75],
      [71, 69],
      [66, 71],
      [70, 66],
      [65.1, 70],
    ] as const)
      expect(await evaluate(score, prev)).toEqual([]);
    expect(producers.webhookJobs).toHaveLength(1);
    const resolved = await evaluate(60, 65.1);
    expect(resolved.map((d) => [d.eventType, JSON.parse(d.payload).data.direction, JSON.parse(d.payload).data.sequence])).toEqual(
      [['risk.threshold.resolved', 'down', 2]],
    );
  });

  it('keeps the pair state across a restart: neither fires again nor forgets the crossing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-crossings-'));
    const file = path.join(dir, 'store.db');
    try {
      store.close();
      store = openSqliteStore({ file });
      await store.subscriptions.create(aSubscription());
      expect(await evaluate(80, 60)).toHaveLength(1);
      await store.close();
      store = openSqliteStore({ file });
      expect(await evaluate(78, 80)).toEqual([]);
      const [resolved] = await evaluate(50, 78);
      expect(resolved?.eventType).toBe('risk.threshold.resolved');
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses the pair's own last score rather than the caller's previous one (a score written but never evaluated still crosses)", async () => {
    await evaluate(50, 40);
    // The worker wrote 72 and died before evaluating; its retry sees previous = 72 from the store.
    expect(await evaluate(72, 72)).toHaveLength(1);
  });

  it('evaluates only subscriptions whose filter matches, and never disabled ones', async () => {
    await store.subscriptions.create(aSubscription({ id: 'sub_routes', filter: { subjectType: 'route' } }));
    await store.subscriptions.create(aSubscription({ id: 'sub_other_site', filter: { subjectIds: ['site_2'] } }));
    await store.subscriptions.create(
      aSubscription({ id: 'sub_this_site', filter: { subjectType: 'site', subjectIds: ['site_1', 'site_9'] } }),
    );
    await store.subscriptions.create(aSubscription({ id: 'sub_disabled', status: 'disabled', disabledReason: 'test' }));
    await store.subscriptions.create(aSubscription({ id: 'sub_other_tenant', tenantId: 'globex' }));
    const fired = await evaluate(90, 10);
    expect(fired.map((d) => d.subscriptionId).sort()).toEqual(['sub_1', 'sub_this_site']);
    expect(await store.subscriptions.getState('acme', 'sub_routes', 'site', 'site_1')).toBeNull();
  });

  it('two workers evaluating the same crossing at once store and send it once', async () => {
    const results = await Promise.all([evaluate(80, 60), evaluate(80, 60), evaluate(80, 60)]);
    expect(results.flat()).toHaveLength(1);
    expect((await store.deliveries.listForSubscription('acme', 'sub_1', { limit: 10 })).items).toHaveLength(1);
  });

  it('reads again and re-decides when another writer changed the pair between read and write', async () => {
    const save = store.subscriptions.saveStateWithDeliveries.bind(store.subscriptions);
    let raced = false;
    store.subscriptions.saveStateWithDeliveries = async (state, expected, deliveries) => {
      if (!raced) {
        raced = true;
        // Another worker fires the same crossing first.
        expect(await save({ ...state }, expected, deliveries)).toBe(true);
      }
      return save(state, expected, deliveries);
    };
    expect(await evaluate(80, 60)).toEqual([]);
    expect(await store.subscriptions.getState('acme', 'sub_1', 'site', 'site_1')).toMatchObject({ state: 'beyond', sequence: 1 });
  });

  it('a pending crossing fires on a later evaluation once it has held long enough', async () => {
    await store.subscriptions.update(aSubscription({ pendingMinutes: 30 }));
    expect(await evaluate(80, 60, at(0))).toEqual([]);
    expect(await evaluate(80, 80, at(10))).toEqual([]);
    const [fired] = await evaluate(81, 80, at(31));
    expect(JSON.parse(fired!.payload).data).toMatchObject({ previousScore: 60, score: 81, sequence: 1 });
  });

  it('writes nothing for a subject far from any threshold once its state is stored', async () => {
    await evaluate(40, 30);
    const before = await store.subscriptions.getState('acme', 'sub_1', 'site', 'site_1');
    await evaluate(40, 40, at(5));
    expect(await store.subscriptions.getState('acme', 'sub_1', 'site', 'site_1')).toEqual(before);
  });
});
