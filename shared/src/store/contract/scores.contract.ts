import type { Score } from '../../domain';
import { aScore, hoursAfterT0 } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';
import { allPages } from './pages';

export function scoresContract(store: CurrentStore): void {
  const subject = { tenantId: 'acme', subjectType: 'site' as const, subjectId: 'site_1' };
  const at = (hours: number, value: number, basedOnSeq: number): Score =>
    aScore({ ...subject, score: value, basedOnSeq, asOf: hoursAfterT0(hours), computedAt: hoursAfterT0(hours) });
  const history = async () =>
    (await store().scores.history('acme', 'site', 'site_1', hoursAfterT0(-100), hoursAfterT0(100))).map((p) => [p.t, p.score]);

  describe('scores model version', () => {
    it('says whether any current score, of any tenant, has another model version', async () => {
      expect(await store().scores.anyOtherModelVersion('v2')).toBe(false);
      await store().scores.putIfNewer(aScore({ tenantId: 'acme', subjectId: 'site_1', modelVersion: 'v2', basedOnSeq: 1 }));
      expect(await store().scores.anyOtherModelVersion('v2')).toBe(false);
      await store().scores.putIfNewer(aScore({ tenantId: 'other', subjectId: 'site_2', modelVersion: 'v1', basedOnSeq: 1 }));
      expect(await store().scores.anyOtherModelVersion('v2')).toBe(true);
      expect(await store().scores.anyOtherModelVersion('v1')).toBe(true);
    });
  });

  describe('scores compare-and-set', () => {
    it('writes the first score with a history point', async () => {
      const first = at(0, 40, 1);
      expect(await store().scores.putIfNewer(first)).toEqual({ written: true, previous: null });
      expect(await store().scores.get('acme', 'site', 'site_1')).toEqual(first);
      expect(await store().scores.history('acme', 'site', 'site_1', hoursAfterT0(-1), hoursAfterT0(1))).toEqual([
        { ...subject, t: first.asOf, score: 40, modelVersion: 'v1' },
      ]);
    });

    it('refuses a score based on a lower or equal sequence, saying what is stored', async () => {
      await store().scores.putIfNewer(at(0, 40, 5));
      expect(await store().scores.putIfNewer(at(1, 90, 4))).toEqual({ written: false, previous: 40 });
      expect(await store().scores.putIfNewer(at(1, 90, 5))).toEqual({ written: false, previous: 40 });
      expect((await store().scores.get('acme', 'site', 'site_1'))?.score).toBe(40);
      expect(await history()).toEqual([[hoursAfterT0(0), 40]]);
    });

    it('writes many at once with the same compare-and-set, results in order', async () => {
      const other = { ...subject, subjectId: 'site_2' };
      await store().scores.putIfNewer(at(0, 40, 5));
      const results = await store().scores.putManyIfNewer([
        at(1, 90, 4),
        aScore({ ...other, score: 12, basedOnSeq: 1, asOf: hoursAfterT0(1) }),
      ]);
      expect(results).toEqual([
        { written: false, previous: 40 },
        { written: true, previous: null },
      ]);
      expect((await store().scores.get('acme', 'site', 'site_2'))?.score).toBe(12);
      expect(await store().scores.putManyIfNewer([])).toEqual([]);
    });

    it('accepts a higher sequence, appending history only when the value changed', async () => {
      await store().scores.putIfNewer(at(0, 40, 1));
      expect(await store().scores.putIfNewer(at(1, 40, 2))).toEqual({ written: true, previous: 40 });
      expect(await store().scores.putIfNewer(at(2, 55.5, 3))).toEqual({ written: true, previous: 40 });
      expect((await store().scores.get('acme', 'site', 'site_1'))?.computedAt).toBe(hoursAfterT0(2));
      expect(await history()).toEqual([
        [hoursAfterT0(0), 40],
        [hoursAfterT0(2), 55.5],
      ]);
    });

    it('keeps route segments and views, and keeps scores of tenants apart', async () => {
      const route = aScore({
        tenantId: 'acme',
        subjectType: 'route',
        segments: [{ fromKm: 0, toKm: 25, score: 70, countries: ['ML'], baseline: 80, local: 20 }],
        routeViews: {
          worstSegment: { fromKm: 0, toKm: 25, score: 70 },
          lengthWeightedMean: 60,
          transitProbability: 0.4,
          baseline: 80,
        },
      });
      await store().scores.putIfNewer(route);
      expect(await store().scores.get('acme', 'route', route.subjectId)).toEqual(route);
      expect(await store().scores.get('other', 'route', route.subjectId)).toBeNull();
      expect(await store().scores.get('acme', 'site', route.subjectId)).toBeNull();
    });
  });

  describe('scores history and trend', () => {
    it('reads history within [from, to], of the tenant only', async () => {
      for (const [h, v, seq] of [
        [0, 10, 1],
        [24, 20, 2],
        [48, 30, 3],
      ] as const)
        await store().scores.putIfNewer(at(h, v, seq));
      const range = await store().scores.history('acme', 'site', 'site_1', hoursAfterT0(0), hoursAfterT0(24));
      expect(range.map((p) => p.score)).toEqual([10, 20]);
      expect(await store().scores.history('other', 'site', 'site_1', hoursAfterT0(-1), hoursAfterT0(100))).toEqual([]);
      expect(
        (await store().scores.history('acme', 'site', 'site_1', hoursAfterT0(25), hoursAfterT0(100))).map((p) => p.score),
      ).toEqual([30]);
    });

    it('deletes score, history and sequence of a deleted subject', async () => {
      await store().scores.bumpSeq([{ tenantId: 'acme', type: 'site', id: 'site_1' }]);
      await store().scores.putIfNewer(at(0, 40, 1));
      const other = aScore({ tenantId: 'acme', subjectId: 'site_2' });
      await store().scores.putIfNewer(other);
      await store().scores.deleteForSubject('acme', 'site', 'site_1');
      expect(await store().scores.get('acme', 'site', 'site_1')).toBeNull();
      expect(await history()).toEqual([]);
      expect(await store().scores.currentSeq({ tenantId: 'acme', type: 'site', id: 'site_1' })).toBe(0);
      expect(await store().scores.get('acme', 'site', 'site_2')).toEqual(other);
    });
  });

  describe('scores list', () => {
    it('filters by type and minimum score, sorted by score either way', async () => {
      const values = [
        ['site', 10],
        ['site', 75],
        ['route', 60],
        ['site', 60],
      ] as const;
      for (const [type, v] of values) await store().scores.putIfNewer(aScore({ tenantId: 'acme', subjectType: type, score: v }));
      await store().scores.putIfNewer(aScore({ tenantId: 'other', score: 99 }));
      const list = async (q: Parameters<ReturnType<CurrentStore>['scores']['list']>[1]) =>
        (await store().scores.list('acme', q, { limit: 50 })).items.map((s) => [s.subjectType, s.score]);
      expect((await list({})).map(([, v]) => v)).toEqual([75, 60, 60, 10]);
      expect(await list({ sort: 'score', type: 'site' })).toEqual([
        ['site', 10],
        ['site', 60],
        ['site', 75],
      ]);
      expect(await list({ minScore: 60 })).toHaveLength(3);
      expect(await list({ type: 'route' })).toEqual([['route', 60]]);
    });

    it('pages stably through equal scores, by -score, score and -computedAt', async () => {
      const written: Score[] = [];
      for (let i = 0; i < 7; i++) {
        const s = aScore({ tenantId: 'acme', subjectId: `site_${i}`, score: i < 5 ? 50 : 70, computedAt: hoursAfterT0(i % 2) });
        written.push(s);
        await store().scores.putIfNewer(s);
      }
      for (const sort of ['-score', 'score', '-computedAt'] as const) {
        const { items, sizes } = await allPages((page) => store().scores.list('acme', { sort }, page), 3);
        expect(sizes).toEqual([3, 3, 1]);
        expect(items.map((s) => s.subjectId).sort()).toEqual(written.map((s) => s.subjectId).sort());
        const keys = items.map((s) => (sort === '-computedAt' ? Date.parse(s.computedAt) : s.score));
        expect(keys).toEqual([...keys].sort((a, b) => (sort === 'score' ? a - b : b - a)));
      }
    });
  });

  describe('scores changeStamp', () => {
    it('changes on every write and delete of the tenant’s scores, and only then', async () => {
      const stamps = [await store().scores.changeStamp('acme')];
      await store().scores.putIfNewer(at(0, 40, 2));
      stamps.push(await store().scores.changeStamp('acme'));
      await store().scores.putIfNewer(at(1, 50, 1));
      expect(await store().scores.changeStamp('acme')).toBe(stamps[1]);
      await store().scores.putIfNewer(aScore({ tenantId: 'other' }));
      expect(await store().scores.changeStamp('acme')).toBe(stamps[1]);
      await store().scores.putIfNewer(at(1, 50, 3));
      stamps.push(await store().scores.changeStamp('acme'));
      await store().scores.deleteForSubject('acme', 'site', 'site_1');
      stamps.push(await store().scores.changeStamp('acme'));
      expect(new Set(stamps).size).toBe(4);
    });
  });
}
