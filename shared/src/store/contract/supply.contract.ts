import type { SubjectRef, SupplyPlan } from '../../domain';
import { aRoute, aScore, aSite, hoursAfterT0 } from '../../testing/store/builders';
import type { SupplyScore } from '../port';
import type { CurrentStore } from './describeStoreContract';
import { allPages } from './pages';

const siteRef = (id: string, tenantId = 'acme'): SubjectRef => ({ tenantId, type: 'site', id });
const routeRef = (id: string, tenantId = 'acme'): SubjectRef => ({ tenantId, type: 'route', id });

function aPlan(siteId: string, routeIds: string[], overrides: Partial<SupplyPlan> = {}): SupplyPlan {
  return {
    tenantId: 'acme',
    siteId,
    inputs: [
      {
        input: 'fuel',
        bufferDays: 10,
        criticality: 1,
        routes: routeIds.map((routeId) => ({ routeId, share: 0.5, maxShare: 0.5 })),
      },
      { input: 'explosives', bufferDays: 30, criticality: 0.8, routes: [{ routeId: routeIds[0]!, share: 1, maxShare: 1 }] },
    ],
    updatedAt: hoursAfterT0(0),
    ...overrides,
  };
}

function aSupply(siteId: string, score: number, basedOnSeq: number, tenantId = 'acme'): SupplyScore {
  return {
    tenantId,
    subjectType: 'site',
    subjectId: siteId,
    score,
    level: 'moderate',
    inputs: [{ input: 'fuel', bufferDays: 10, criticality: 1, risk: score, routes: [] }],
    asOf: hoursAfterT0(1),
    computedAt: hoursAfterT0(1),
    basedOnSeq,
  };
}

/** Supply plans, their route index, supply scores and supply sequences (port.ts SupplyRepository). */
export function supplyContract(store: CurrentStore): void {
  describe('supply plans', () => {
    it('stores, replaces, lists and deletes plans, tenant by tenant', async () => {
      const plan = aPlan('site_1', ['route_a', 'route_b']);
      await store().supply.putPlan(plan);
      await store().supply.putPlan(aPlan('site_0', ['route_a']));
      await store().supply.putPlan({ ...aPlan('site_1', ['route_x']), tenantId: 'other' });
      expect(await store().supply.getPlan('acme', 'site_1')).toEqual(plan);
      expect(await store().supply.getPlan('acme', 'site_9')).toBeNull();
      expect((await store().supply.listPlans('acme')).map((p) => p.siteId)).toEqual(['site_0', 'site_1']);
      const replaced = aPlan('site_1', ['route_c'], { updatedAt: hoursAfterT0(2) });
      await store().supply.putPlan(replaced);
      expect(await store().supply.getPlan('acme', 'site_1')).toEqual(replaced);
      expect(await store().supply.bumpForRoutes([routeRef('route_b')])).toEqual([]);
      expect(await store().supply.deletePlan('acme', 'site_1')).toBe(true);
      expect(await store().supply.deletePlan('acme', 'site_1')).toBe(false);
      expect(await store().supply.getPlan('acme', 'site_1')).toBeNull();
      expect(await store().supply.getPlan('other', 'site_1')).not.toBeNull();
    });

    it('bumps the supply sequence of every site whose plan names a route (or is stored), in that tenant only', async () => {
      await store().supply.putPlan(aPlan('site_1', ['route_a', 'route_b']));
      expect(await store().supply.currentSeq(siteRef('site_1'))).toBe(1);
      await store().supply.putPlan(aPlan('site_2', ['route_b']));
      await store().supply.putPlan({ ...aPlan('site_3', ['route_a']), tenantId: 'other' });
      const bumped = await store().supply.bumpForRoutes([routeRef('route_a'), routeRef('route_b')]);
      expect(bumped).toHaveLength(2);
      expect(bumped).toEqual(expect.arrayContaining([siteRef('site_1'), siteRef('site_2')]));
      expect(await store().supply.currentSeq(siteRef('site_1'))).toBe(2);
      expect(await store().supply.currentSeq(siteRef('site_3', 'other'))).toBe(1);
      expect(await store().supply.bumpForRoutes([routeRef('route_a')])).toEqual([siteRef('site_1')]);
      expect(await store().supply.currentSeq(siteRef('site_1'))).toBe(3);
      // Location-score sequences are a different counter.
      expect(await store().scores.currentSeq(siteRef('site_1'))).toBe(0);
    });

    it('removes a deleted route from every plan naming it, keeping emptied inputs, and marks those sites', async () => {
      await store().supply.putPlan(aPlan('site_1', ['route_a', 'route_b']));
      await store().supply.putPlan(aPlan('site_2', ['route_b']));
      await store().supply.putManyIfNewer([aSupply('site_1', 10, 1), aSupply('site_2', 10, 1)]);
      expect(await store().supply.listStale(10)).toEqual([]);
      expect(await store().supply.removeRoute('acme', 'route_a')).toEqual([siteRef('site_1')]);
      const plan = await store().supply.getPlan('acme', 'site_1');
      expect(plan?.inputs.map((i) => [i.input, i.routes.map((r) => r.routeId)])).toEqual([
        ['fuel', ['route_b']],
        ['explosives', []],
      ]);
      expect(await store().supply.listStale(10)).toEqual([siteRef('site_1')]);
      // The route no longer reaches the site.
      expect(await store().supply.bumpForRoutes([routeRef('route_a')])).toEqual([]);
      expect(await store().supply.removeRoute('acme', 'route_a')).toEqual([]);
    });
  });

  describe('supply scores', () => {
    it('writes compare-and-set on the supply sequence, apart from the location score', async () => {
      const location = aScore({ tenantId: 'acme', subjectType: 'site', subjectId: 'site_1', score: 48, basedOnSeq: 7 });
      await store().scores.putIfNewer(location);
      // No plan: nothing is written.
      expect(await store().supply.putManyIfNewer([aSupply('site_1', 55, 1)])).toEqual([{ written: false, previous: null }]);
      await store().supply.putPlan(aPlan('site_1', ['route_a']));
      await store().supply.bumpSeq([siteRef('site_1')]);
      expect(await store().supply.listStale(10)).toEqual([siteRef('site_1')]);
      expect(await store().supply.putManyIfNewer([aSupply('site_1', 55, 2)])).toEqual([{ written: true, previous: null }]);
      expect(await store().supply.putManyIfNewer([aSupply('site_1', 70, 2)])).toEqual([{ written: false, previous: 55 }]);
      expect(await store().supply.putManyIfNewer([aSupply('site_1', 70, 1)])).toEqual([{ written: false, previous: 55 }]);
      expect(await store().supply.get('acme', 'site_1')).toEqual(aSupply('site_1', 55, 2));
      expect(await store().supply.listStale(10)).toEqual([]);
      expect(await store().scores.get('acme', 'site', 'site_1')).toEqual(location);
      // A location write leaves the supply alone.
      await store().scores.putIfNewer({ ...location, score: 60, basedOnSeq: 8 });
      expect((await store().supply.get('acme', 'site_1'))?.score).toBe(55);
      expect(await store().supply.get('other', 'site_1')).toBeNull();
      expect((await store().supply.getMany('acme', ['site_1', 'site_2'])).map((s) => s.score)).toEqual([55]);
    });

    it('moves the tenant’s score stamp on a supply write and on a plan deletion, and deletes score and sequence with the plan', async () => {
      await store().supply.putPlan(aPlan('site_1', ['route_a']));
      const before = await store().scores.changeStamp('acme');
      await store().supply.putManyIfNewer([aSupply('site_1', 40, 1)]);
      const written = await store().scores.changeStamp('acme');
      expect(written).not.toBe(before);
      await store().supply.deletePlan('acme', 'site_1');
      expect(await store().scores.changeStamp('acme')).not.toBe(written);
      expect(await store().supply.get('acme', 'site_1')).toBeNull();
      expect(await store().supply.currentSeq(siteRef('site_1'))).toBe(0);
    });

    it('lists scores with their supply score, sorted by it (none last) and filtered on it', async () => {
      for (const [id, score] of [
        ['site_1', 30],
        ['site_2', 50],
        ['site_3', 70],
        ['site_4', 20],
      ] as const) {
        await store().scores.putIfNewer(aScore({ tenantId: 'acme', subjectType: 'site', subjectId: id, score }));
      }
      await store().scores.putIfNewer(aScore({ tenantId: 'acme', subjectType: 'route', subjectId: 'route_1', score: 90 }));
      for (const id of ['site_1', 'site_2', 'site_4']) await store().supply.putPlan(aPlan(id, ['route_1']));
      await store().supply.putPlan({ ...aPlan('site_3', ['route_1']), tenantId: 'other' });
      await store().supply.putManyIfNewer([aSupply('site_1', 80, 1), aSupply('site_2', 10, 1), aSupply('site_4', 45, 1)]);
      await store().supply.putManyIfNewer([aSupply('site_3', 99, 1, 'other')]);
      const byScore = await store().scores.list('acme', {}, { limit: 50 });
      expect(byScore.items.map((s) => [s.subjectId, s.supplyScore])).toEqual([
        ['route_1', null],
        ['site_3', null],
        ['site_2', 10],
        ['site_1', 80],
        ['site_4', 45],
      ]);
      const { items, sizes } = await allPages((page) => store().scores.list('acme', { sort: '-supplyScore' }, page), 2);
      expect(sizes).toEqual([2, 2, 1]);
      expect(items.map((s) => s.supplyScore)).toEqual([80, 45, 10, null, null]);
      const min = await store().scores.list('acme', { minSupplyScore: 40, sort: '-supplyScore' }, { limit: 50 });
      expect(min.items.map((s) => s.subjectId)).toEqual(['site_1', 'site_4']);
    });
  });

  describe('what the what-if reads', () => {
    it('moves the plans stamp when a plan is stored, loses a route or is deleted, and only then', async () => {
      const stamps = [await store().supply.plansStamp('acme')];
      const next = async () => {
        const now = await store().supply.plansStamp('acme');
        expect(now).not.toBe(stamps[stamps.length - 1]);
        stamps.push(now);
      };
      await store().supply.putPlan(aPlan('site_1', ['route_a', 'route_b']));
      await next();
      await store().supply.putPlan({ ...aPlan('site_1', ['route_a']), tenantId: 'other' });
      await store().supply.removeRoute('acme', 'route_x');
      await store().supply.deletePlan('acme', 'site_9');
      expect(await store().supply.plansStamp('acme')).toBe(stamps[1]);
      await store().supply.removeRoute('acme', 'route_b');
      await next();
      await store().supply.deletePlan('acme', 'site_1');
      await next();
    });

    it('gets many sites and many route scores of a tenant in one call', async () => {
      const mine = [aSite({ tenantId: 'acme' }), aSite({ tenantId: 'acme' })];
      const theirs = aSite({ tenantId: 'other' });
      for (const s of [...mine, theirs]) await store().sites.create(s);
      const got = await store().sites.getMany('acme', [mine[0]!.id, mine[1]!.id, theirs.id, 'site_nope']);
      expect(got.map((s) => s.id).sort()).toEqual(mine.map((s) => s.id).sort());
      expect(await store().sites.getMany('acme', [])).toEqual([]);
      const route = aScore({ tenantId: 'acme', subjectType: 'route', subjectId: 'route_1', score: 70 });
      await store().scores.putIfNewer(route);
      await store().scores.putIfNewer(aScore({ tenantId: 'acme', subjectType: 'site', subjectId: 'route_2' }));
      await store().scores.putIfNewer(aScore({ tenantId: 'other', subjectType: 'route', subjectId: 'route_3' }));
      expect(await store().scores.getMany('acme', 'route', ['route_1', 'route_2', 'route_3'])).toEqual([route]);
    });
  });

  describe('supply routes stamp', () => {
    // The stamp may come back to an earlier value when the routes are back to what they were (the index then is too).
    it('moves when a route of the tenant is created, replaced or deleted, and only then', async () => {
      const stamps = [await store().supply.routesStamp('acme')];
      const route = aRoute({ tenantId: 'acme' });
      await store().routes.create(route);
      stamps.push(await store().supply.routesStamp('acme'));
      await store().routes.create(aRoute({ tenantId: 'other' }));
      expect(await store().supply.routesStamp('acme')).toBe(stamps[1]);
      await store().routes.replace({ ...route, name: 'renamed', updatedAt: hoursAfterT0(3) });
      stamps.push(await store().supply.routesStamp('acme'));
      await store().routes.delete('acme', route.id);
      stamps.push(await store().supply.routesStamp('acme'));
      for (let i = 1; i < stamps.length; i++) expect(stamps[i]).not.toBe(stamps[i - 1]);
    });
  });
}
