import type { Score, SubjectRef } from '@minerisk/shared/domain';
import { createLogger } from '@minerisk/shared/runtime/logger';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import type { Store } from '@minerisk/shared/store/port';
import { aSite, hoursAfterT0 } from '@minerisk/shared/testing/store/builders';
import { SUBJECTS_PER_CHUNK, recomputeSubjects } from './recomputeSubjects';
import { SubjectRegistry } from './subjectRegistry';

const logger = createLogger('silent', 'test');

describe('recomputeSubjects over many subjects', () => {
  let store: Store;
  let registry: SubjectRegistry;
  let writes: Score[][];

  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
    const putMany = store.scores.putManyIfNewer.bind(store.scores);
    writes = [];
    store.scores.putManyIfNewer = async (scores) => {
      writes.push(scores);
      return putMany(scores);
    };
    registry = new SubjectRegistry(store, logger);
  });
  afterEach(() => store.close());

  it('scores every subject in chunks, each chunk one area (two clusters created interleaved are never mixed)', async () => {
    const n = SUBJECTS_PER_CHUNK * 2;
    const west = (i: number) => aSite({ location: { type: 'Point', coordinates: [-11 + (i % 7) * 0.01, 14] } });
    const east = (i: number) => aSite({ location: { type: 'Point', coordinates: [-1 + (i % 7) * 0.01, 7] } });
    const sites = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? west(i) : east(i)));
    await store.sites.createMany(sites);
    await registry.reloadAll();
    const refs: SubjectRef[] = sites.map((s) => ({ tenantId: s.tenantId, type: 'site', id: s.id }));
    await store.scores.bumpSeq(refs);

    const { requeue } = await recomputeSubjects(
      { store, registry, producers: {} as Producers, logger, now: () => new Date(hoursAfterT0(1)) },
      refs,
    );

    expect(requeue).toEqual([]);
    expect(writes.map((w) => w.length)).toEqual([SUBJECTS_PER_CHUNK, SUBJECTS_PER_CHUNK]);
    const lonOf = new Map(sites.map((s) => [s.id, s.location.coordinates[0]!]));
    for (const chunk of writes) {
      const sides = new Set(chunk.map((score) => (lonOf.get(score.subjectId)! < -5 ? 'west' : 'east')));
      expect(sides.size).toBe(1);
    }
    expect(await store.scores.listStale(10)).toEqual([]);
  });

  it('leaves deferred subjects stale for a later round, and retries a moved subject only if not deferred', async () => {
    const sites = [0, 1, 2].map((i) => aSite({ location: { type: 'Point', coordinates: [-8 + i, 12] } }));
    await store.sites.createMany(sites);
    await registry.reloadAll();
    const [a, b, c] = sites.map((s) => ({ tenantId: s.tenantId, type: 'site' as const, id: s.id }));
    await store.scores.bumpSeq([a!, b!, c!]);
    // c moves while its first computation is written (an event reached it); the rescorer has it marked again.
    const putMany = store.scores.putManyIfNewer;
    let moved = false;
    store.scores.putManyIfNewer = async (scores) => {
      if (!moved) {
        moved = true;
        await store.scores.bumpSeq([c!]);
      }
      return putMany(scores);
    };
    const result = await recomputeSubjects(
      {
        store,
        registry,
        producers: {} as Producers,
        logger,
        now: () => new Date(hoursAfterT0(1)),
        deferred: (ref) => ref.id === b!.id || (moved && ref.id === c!.id),
      },
      [a!, b!, c!],
    );
    expect(result).toEqual({ requeue: [], computed: 2 });
    expect(writes.map((w) => w.map((score) => score.subjectId))).toEqual([[a!.id, c!.id]]);
    expect(await store.scores.listStale(10)).toEqual([b!, c!].sort((x, y) => (x.id < y.id ? -1 : 1)));
  });
});
