import fc from 'fast-check';
import type { BBox } from '../../../domain';
import { FakeMongo, fakeMongoConnection } from '../../../testing/mongo/fakeMongo';
import { openFakeMongoStore } from '../../../testing/mongo/fakeStore';
import { anEvent, aScore, aSite, hoursAfterT0 } from '../../../testing/store/builders';
import { mongoStoreOn } from '..';
import { eventCells, queryCells } from '../events/cells';
import { eventSchema } from '../events/schema';
import { IndexMismatchError } from '../indexes';
import { migrate } from '../migrate';
import { scoreHistorySchema, scoreSchema, scoreStampSchema, subjectSeqSchema } from '../scores/schemas';
import { routeSchema, siteSchema } from '../subjects';
import { apiKeySchema } from '../tenancy';
import { deliveryAttemptSchema, deliverySchema, subscriptionSchema, subscriptionStateSchema } from '../webhookSchemas';
import { WRITING_LEASE_MS } from '../scores';

/** One test per defect of issue 18 that the fake can show (the index ones are in contract.test.ts). */
describe('MongoDB adapter defects (issue 18)', () => {
  it('1. the spatial prefilter asks for the cells of the area: boxes that meet share a cell', () => {
    const plainBox = fc
      .tuple(fc.double({ min: -180, max: 179, noNaN: true }), fc.double({ min: -90, max: 89, noNaN: true }))
      .chain(([lon, lat]) =>
        fc
          .tuple(
            fc.double({ min: 0, max: Math.min(60, 180 - lon), noNaN: true }),
            fc.double({ min: 0, max: Math.min(30, 90 - lat), noNaN: true }),
          )
          .map(([w, h]): BBox => [lon, lat, lon + w, lat + h]),
      );
    const meet = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
    fc.assert(
      fc.property(fc.array(plainBox, { minLength: 1, maxLength: 3 }), plainBox, (eventBoxes, query) => {
        const cells = new Set(eventCells(eventBoxes));
        const asked = queryCells([query]);
        const found =
          asked.cells.some((c) => cells.has(c)) || asked.ranges.some(([lo, hi]) => [...cells].some((c) => c >= lo && c <= hi));
        if (eventBoxes.some((b) => meet(b, query))) expect(found).toBe(true);
        expect(cells.size).toBeLessThanOrEqual(4);
      }),
      { numRuns: 500 },
    );
    // A site's box (≈ 2° with its radius) asks for a few dozen cells, not half an index.
    expect(queryCells([[-12.5, 13.5, -10.5, 15.5]]).cells.length).toBeLessThan(40);
  });

  it('2. listStale reads the dirty flag: no $lookup, no aggregation at all', async () => {
    const { store, server } = await openFakeMongoStore();
    await store.scores.bumpSeq([{ tenantId: 'acme', type: 'site', id: 's1' }]);
    server.ops.length = 0;
    expect(await store.scores.listStale(10)).toEqual([{ tenantId: 'acme', type: 'site', id: 's1' }]);
    expect(server.ops.filter((o) => o.op === 'aggregate')).toEqual([]);
    expect(server.ops.find((o) => o.collection === 'subject_seqs')?.filter).toEqual({ dirty: { $eq: true } });
  });

  describe('3. batched score writes', () => {
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        aScore({ tenantId: i % 2 ? 'acme' : 'other', subjectId: `site_${i}`, score: i, basedOnSeq: 1 }),
      );

    it('take a fixed number of round trips whatever the batch size, and bump each tenant’s stamp once', async () => {
      for (const replicaSet of [false, true]) {
        const { store, server } = await openFakeMongoStore({ replicaSet });
        server.ops.length = 0;
        await store.scores.putManyIfNewer(batch(50));
        const trips = server.ops.length;
        server.ops.length = 0;
        await store.scores.putManyIfNewer(batch(50).map((s) => ({ ...s, basedOnSeq: 2, score: s.score + 1 })));
        const stampIncs = server.ops.filter((o) => o.collection === 'score_stamps' && JSON.stringify(o.update).includes('$inc'));
        expect(stampIncs).toHaveLength(2);
        // Per batch: stamps listed, read, write, history, flags, dirty, stamps: bulk operations are recorded one per document.
        const roundTrips = new Set(server.ops.map((o) => `${o.collection}.${o.op === 'find' ? 'find' : 'write'}`));
        expect(roundTrips.size).toBeLessThanOrEqual(5);
        expect(trips).toBeGreaterThan(0);
      }
    });

    it('without transactions, a crash after the compare-and-set loses no history point and leaves no stale 304', async () => {
      const { store, server } = await openFakeMongoStore({ replicaSet: false });
      const score = aScore({ tenantId: 'acme', subjectId: 'site_1', score: 10, basedOnSeq: 1 });
      await store.scores.bumpSeq([{ tenantId: 'acme', type: 'site', id: 'site_1' }]);
      await store.scores.putManyIfNewer([score]);
      const before = await store.scores.changeStamp('acme');
      // The writer dies right after its compare-and-set: history, flags and stamp never written.
      server.fault = (op) => op.collection === 'score_history' && op.op === 'insertMany';
      await store.scores.bumpSeq([{ tenantId: 'acme', type: 'site', id: 'site_1' }]);
      await expect(store.scores.putManyIfNewer([{ ...score, score: 20, basedOnSeq: 2, asOf: hoursAfterT0(1) }])).rejects.toThrow(
        /injected/,
      );
      server.fault = null;
      expect((await store.scores.get('acme', 'site', 'site_1'))?.score).toBe(20);
      // Every poll sees a stamp no ETag matches while the dead writer is listed...
      const during = [await store.scores.changeStamp('acme'), await store.scores.changeStamp('acme')];
      expect(during).not.toContain(before);
      expect(during[0]).not.toBe(during[1]);
      // ...and the sweep appends the lost point from the score itself.
      await store.scores.listStale(10);
      expect(
        (await store.scores.history('acme', 'site', 'site_1', hoursAfterT0(-1), hoursAfterT0(2))).map((p) => p.score),
      ).toEqual([10, 20]);
      // Once the lease runs out, the stamp is bumped for the dead writer and settles on a new value.
      const stamps = server.collectionsOf('minerisk').get('score_stamps')!;
      for (const doc of stamps.docs)
        for (const w of doc.writing as { at: Date }[]) w.at = new Date(Date.now() - WRITING_LEASE_MS - 1);
      await store.scores.changeStamp('acme');
      const settled = await store.scores.changeStamp('acme');
      expect(settled).toBe(await store.scores.changeStamp('acme'));
      expect(settled).not.toBe(before);
    });
  });

  it('5. services refuse to start until db:migrate has built the indexes, and again when one differs', async () => {
    const server = new FakeMongo();
    await expect(mongoStoreOn(fakeMongoConnection(server))).rejects.toThrow(IndexMismatchError);
    await expect(mongoStoreOn(fakeMongoConnection(server))).rejects.toThrow(/npm run db:migrate/);
    await migrate(fakeMongoConnection(server));
    const store = await mongoStoreOn(fakeMongoConnection(server));
    await store.close();
    // Someone adds an index by hand (or a release removes one from a schema): refused, named, then dropped by migrate.
    const events = server.collectionsOf('minerisk').get('events')!;
    await events.createIndex({ title: 1 });
    await expect(mongoStoreOn(fakeMongoConnection(server))).rejects.toThrow(/events: unexpected title_1/);
    await migrate(fakeMongoConnection(server));
    expect(events.indexSpecs.map((i) => i.name)).not.toContain('title_1');
    await (await mongoStoreOn(fakeMongoConnection(server))).close();
  });

  it('6. identity look-ups send one $in on the stored identity key, never an $or per identity', async () => {
    const { store, server } = await openFakeMongoStore();
    const events = Array.from({ length: 300 }, () => anEvent());
    await store.events.accept(events);
    await store.events.accept(events.slice(0, 150)); // duplicates: the stored ids are looked up
    server.ops.length = 0;
    expect(await store.events.versionsOf(events)).toHaveLength(300);
    await store.events.accept([...events.slice(0, 10), anEvent()]);
    const json = JSON.stringify(server.ops.map((o) => o.filter));
    expect(json).not.toContain('$or');
    expect(server.ops.filter((o) => o.op === 'find').every((o) => 'idKey' in o.filter)).toBe(true);
  });

  it('7. replacements are validated like inserts (SQLite refuses them too)', async () => {
    const { store } = await openFakeMongoStore();
    const site = aSite({ tenantId: 'acme' });
    await store.sites.create(site);
    await expect(store.sites.replace({ ...site, name: null as unknown as string })).rejects.toThrow(/name/);
    await expect(store.sites.replace({ ...site, radiusKm: 'far' as unknown as number })).rejects.toThrow(/radiusKm/);
    expect(await store.sites.get('acme', site.id)).toEqual(site);
  });

  it('7. no index stores whole subdocuments as keys: every key is a scalar field or a field of array elements', () => {
    const schemas = [
      eventSchema,
      scoreSchema,
      scoreHistorySchema,
      subjectSeqSchema,
      scoreStampSchema,
      siteSchema,
      routeSchema,
      apiKeySchema,
      subscriptionSchema,
      subscriptionStateSchema,
      deliverySchema,
      deliveryAttemptSchema,
    ];
    for (const schema of schemas)
      for (const [keys] of schema.indexes())
        for (const path of Object.keys(keys)) {
          expect(path).not.toMatch(/(^|\.)\d+(\.|$)/);
          expect(schema.path(path)?.instance).not.toBe('Mixed');
        }
  });
});

describe('3. racing score writers (any number of scoring workers)', () => {
  it.each([false, true])('converge on the newest score, leave nothing stale or listed (replica set: %s)', async (replicaSet) => {
    const { store, server } = await openFakeMongoStore({ replicaSet });
    const subjects = ['s1', 's2', 's3'].map((id) => ({ tenantId: 'acme', type: 'site' as const, id }));
    for (let i = 0; i < 4; i++) await store.scores.bumpSeq(subjects);
    const writers = Array.from({ length: 12 }, (_, w) =>
      store.scores.putManyIfNewer(
        subjects.map((s, i) =>
          aScore({ tenantId: s.tenantId, subjectId: s.id, basedOnSeq: 1 + ((w + i) % 4), score: (w * 7 + i) % 10 }),
        ),
      ),
    );
    const results = (await Promise.all(writers)).flat();
    // Without transactions the writers interleave: some compare-and-sets lost (and were tried again).
    const attempts = server.ops.filter((o) => o.collection === 'scores' && o.op === 'replaceOne').length;
    if (!replicaSet) expect(attempts).toBeGreaterThan(results.filter((r) => r.written).length);
    expect(results.filter((r) => r.written).length).toBeGreaterThanOrEqual(3);
    for (const s of subjects) expect((await store.scores.get(s.tenantId, s.type, s.id))?.basedOnSeq).toBe(4);
    expect(await store.scores.listStale(10)).toEqual([]);
    const stamp = await store.scores.changeStamp('acme');
    expect(stamp).toMatch(/^\d+$/);
    expect(await store.scores.changeStamp('acme')).toBe(stamp);
  });
});
