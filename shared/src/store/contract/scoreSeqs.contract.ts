import type { SubjectRef } from '../../domain';
import { aScore } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';

export function scoreSeqsContract(store: CurrentStore): void {
  const site: SubjectRef = { tenantId: 'acme', type: 'site', id: 'site_1' };
  const route: SubjectRef = { tenantId: 'acme', type: 'route', id: 'route_1' };
  const elsewhere: SubjectRef = { tenantId: 'other', type: 'site', id: 'site_1' };

  describe('scores change sequences', () => {
    it('bumps sequences, returning each new value in input order', async () => {
      expect(await store().scores.currentSeq(site)).toBe(0);
      expect(await store().scores.bumpSeq([site, route])).toEqual([1, 1]);
      expect(await store().scores.bumpSeq([route, site, elsewhere])).toEqual([2, 2, 1]);
      expect(await store().scores.bumpSeq([site])).toEqual([3]);
      expect(await store().scores.currentSeq(site)).toBe(3);
      expect(await store().scores.currentSeq(elsewhere)).toBe(1);
    });

    it('lists subjects whose sequence is ahead of their stored score', async () => {
      await store().scores.bumpSeq([site, route]);
      await store().scores.putIfNewer(aScore({ tenantId: 'acme', subjectType: 'site', subjectId: 'site_1', basedOnSeq: 1 }));
      expect(await store().scores.listStale(10)).toEqual([route]);
      await store().scores.bumpSeq([site]);
      expect(await store().scores.listStale(10)).toEqual(expect.arrayContaining([site, route]));
      expect(await store().scores.listStale(1)).toHaveLength(1);
      await store().scores.putIfNewer(aScore({ tenantId: 'acme', subjectType: 'site', subjectId: 'site_1', basedOnSeq: 2 }));
      await store().scores.putIfNewer(aScore({ tenantId: 'acme', subjectType: 'route', subjectId: 'route_1', basedOnSeq: 1 }));
      expect(await store().scores.listStale(10)).toEqual([]);
    });
  });
}
