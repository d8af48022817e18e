import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventGeometry, SubjectRef } from '../../../domain';
import { openFakeMongoStore } from '../../../testing/mongo/fakeStore';
import { anEvent, aScore, hoursAfterT0 } from '../../../testing/store/builders';
import type { NewEvent, Store } from '../../port';
import { openSqliteStore } from '../../sqlite';

/**
 * Differential: the MongoDB adapter (its real filters, updates and sorts, cast by mongoose, run by mingo)
 * against the SQLite adapter on the same generated data, for every query of the event and score ports.
 * Any difference is a bug in one of them (docs/architecture.md Storage: one contract, two adapters).
 */
async function both<T>(run: (sqlite: Store, mongo: Store) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-diff-'));
  const sqlite = openSqliteStore({ file: path.join(dir, 'diff.sqlite') });
  const { store: mongo } = await openFakeMongoStore();
  try {
    return await run(sqlite, mongo);
  } finally {
    await sqlite.close();
    await mongo.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Coordinates on a 0.001° grid: SQLite's R*Tree keeps boxes as float32 rounded outwards, so it also returns
// boxes within ~1e-5° of meeting (a superset the caller's exact distances then drop); on the grid both agree.
const lon = fc.integer({ min: -179_900, max: 179_900 }).map((x) => x / 1000 + 0);
const lat = fc.integer({ min: -60_000, max: 60_000 }).map((y) => y / 1000 + 0);
const geometry: fc.Arbitrary<EventGeometry | null> = fc.oneof(
  fc.constant(null),
  fc.tuple(lon, lat).map(([x, y]): EventGeometry => ({ type: 'Point', coordinates: [x, y] })),
  fc
    .tuple(
      lon,
      lat,
      fc.integer({ min: 10, max: 8000 }).map((d) => d / 1000),
    )
    .map(([x, y, d]): EventGeometry => {
      const [x1, y1] = [Math.min(180, Math.round((x + d) * 1000) / 1000), Math.min(85, Math.round((y + d) * 1000) / 1000)];
      return {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x1, y],
            [x1, y1],
            [x, y1],
            [x, y],
          ],
        ],
      };
    }),
);
const hours = fc.integer({ min: -24 * 60, max: 24 });
const identities = ['a', 'b', 'c', 'd', 'e', 'f'];
const event: fc.Arbitrary<NewEvent> = fc
  .record({
    tenantId: fc.constantFrom(null, 'acme', 'other'),
    sourceEventId: fc.constantFrom(...identities),
    version: fc.integer({ min: 1, max: 3 }),
    geometry,
    countryCodes: fc.subarray(['ML', 'BF', 'SN']),
    known: hours,
    observed: hours,
    persistence: fc.constantFrom('incident', 'state', 'structural'),
    validTo: fc.option(hours),
    category: fc.constantFrom('attack', 'natural-hazard', 'natural-hazard/flood', 'unrest'),
  })
  .map((r) =>
    anEvent({
      tenantId: r.tenantId,
      sourceEventId: r.sourceEventId,
      version: r.version,
      geometry: r.geometry,
      countryCodes: r.countryCodes,
      knownAt: hoursAfterT0(r.known),
      observedAt: hoursAfterT0(r.observed),
      persistence: r.persistence as NewEvent['persistence'],
      validTo: r.validTo === null ? null : hoursAfterT0(r.validTo),
      category: r.category,
    }),
  );
const box = fc
  .tuple(
    lon,
    lat,
    fc.integer({ min: 0, max: 30_000 }).map((w) => w / 1000),
    fc.integer({ min: 0, max: 20_000 }).map((h) => h / 1000),
  )
  .map(([x, y, w, h]): [number, number, number, number] => {
    const east = Math.round((x + w > 180 ? x + w - 360 : x + w) * 1000) / 1000; // may cross the antimeridian, like subjects' boxes
    return [x, y, east, Math.min(85, Math.round((y + h) * 1000) / 1000)];
  });
const ids = (list: { id: string }[]) => list.map((e) => e.id);

describe('MongoDB adapter = SQLite adapter (mingo differential)', () => {
  it('events: scoringCandidates, query, versionsOf, listUnprocessed, getMany', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 25 }),
        fc.record({
          tenantIds: fc.subarray(['acme', 'other']),
          bboxes: fc.array(box, { maxLength: 4 }),
          countryCodes: fc.subarray(['ML', 'BF', 'SN', 'NE']),
          asOf: hours,
          since: hours,
        }),
        fc.record({
          near: fc.option(fc.tuple(lon, lat, fc.integer({ min: 1, max: 500 }))),
          since: fc.option(hours),
          category: fc.option(fc.constantFrom('attack', 'natural-hazard')),
        }),
        async (events, q, eq) =>
          both(async (sqlite, mongo) => {
            const accepted = [await sqlite.events.accept(events), await mongo.events.accept(events)];
            expect(accepted[1]).toEqual(accepted[0]);
            const cq = { ...q, asOf: hoursAfterT0(q.asOf), observedSince: hoursAfterT0(q.since) };
            expect(ids(await mongo.events.scoringCandidates(cq))).toEqual(ids(await sqlite.events.scoringCandidates(cq)));
            const query = {
              ...(eq.near ? { near: { lon: eq.near[0], lat: eq.near[1], radiusKm: eq.near[2] } } : {}),
              ...(eq.since !== null ? { since: hoursAfterT0(eq.since) } : {}),
              ...(eq.category !== null ? { category: eq.category } : {}),
            };
            for (const tenant of ['acme', 'other']) {
              const pages = async (store: Store) => {
                const seen: string[] = [];
                let cursor: string | null = null;
                do {
                  const page = await store.events.query(tenant, query, { limit: 4, cursor });
                  seen.push(...ids(page.items));
                  cursor = page.nextCursor;
                } while (cursor);
                return seen;
              };
              expect(await pages(mongo)).toEqual(await pages(sqlite));
            }
            // Each identity asked once (SQLite repeats an identity's versions when it is asked twice).
            const asked = [...new Map(events.slice(0, 3).map((e) => [`${e.tenantId}|${e.sourceEventId}`, e])).values()];
            expect(await mongo.events.versionsOf(asked)).toEqual(await sqlite.events.versionsOf(asked));
            await Promise.all([sqlite, mongo].map((s) => s.events.markProcessed(ids(events.slice(0, 2)), hoursAfterT0(1))));
            expect(ids(await mongo.events.listUnprocessed(hoursAfterT0(0), 10))).toEqual(
              ids(await sqlite.events.listUnprocessed(hoursAfterT0(0), 10)),
            );
            expect(await mongo.events.getMany(ids(events).reverse())).toEqual(await sqlite.events.getMany(ids(events).reverse()));
          }),
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('scores: compare-and-set batches, lists, history, valueAt, listStale, stamps', async () => {
    const subject = fc.record({
      tenantId: fc.constantFrom('acme', 'other'),
      type: fc.constantFrom('site' as const, 'route' as const),
      id: fc.constantFrom('s1', 's2', 's3'),
    });
    const step = fc.oneof(
      fc.record({ bump: fc.array(subject, { minLength: 1, maxLength: 4 }) }),
      fc.record({
        put: fc.array(
          fc.record({
            s: subject,
            score: fc.integer({ min: 0, max: 5 }),
            seq: fc.integer({ min: 0, max: 4 }),
            at: fc.integer({ min: -48, max: 0 }),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
      }),
      fc.record({ del: subject }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) =>
        both(async (sqlite, mongo) => {
          const stores = [sqlite, mongo];
          const stamps: string[][] = [[], []];
          for (const st of steps) {
            const out = await Promise.all(
              stores.map(async (store) => {
                if ('bump' in st) return store.scores.bumpSeq(st.bump);
                if ('del' in st) return store.scores.deleteForSubject(st.del.tenantId, st.del.type, st.del.id);
                return store.scores.putManyIfNewer(
                  st.put.map((p) =>
                    aScore({
                      tenantId: p.s.tenantId,
                      subjectType: p.s.type,
                      subjectId: p.s.id,
                      score: p.score,
                      basedOnSeq: p.seq,
                      asOf: hoursAfterT0(p.at),
                      computedAt: hoursAfterT0(p.at),
                    }),
                  ),
                );
              }),
            );
            expect(out[1]).toEqual(out[0]);
            for (const [i, store] of stores.entries()) stamps[i]!.push(await store.scores.changeStamp('acme'));
          }
          // The stamp changes exactly when SQLite's does.
          const changes = (list: string[]) => list.map((s, i) => i > 0 && s !== list[i - 1]);
          expect(changes(stamps[1]!)).toEqual(changes(stamps[0]!));
          expect(await mongo.scores.listStale(100)).toEqual(await sqlite.scores.listStale(100));
          for (const tenant of ['acme', 'other'])
            for (const sort of ['-score', 'score', '-computedAt'] as const)
              expect(await mongo.scores.list(tenant, { sort }, { limit: 500 })).toEqual(
                await sqlite.scores.list(tenant, { sort }, { limit: 500 }),
              );
          const s: SubjectRef = { tenantId: 'acme', type: 'site', id: 's1' };
          expect(await mongo.scores.history(s.tenantId, s.type, s.id, hoursAfterT0(-48), hoursAfterT0(0))).toEqual(
            await sqlite.scores.history(s.tenantId, s.type, s.id, hoursAfterT0(-48), hoursAfterT0(0)),
          );
        }),
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
