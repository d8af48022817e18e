import type { SubjectRef } from '@minerisk/shared/domain';
import { createLogger } from '@minerisk/shared/runtime/logger';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { supplyScore } from '@minerisk/shared/model/supply';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import type { Store } from '@minerisk/shared/store/port';
import { T0, aRoute, aSite, aSubscription, anEvent, hoursAfterT0 } from '@minerisk/shared/testing/store/builders';
import { recomputeSubjects, type RecomputeDeps } from './recomputeSubjects';
import { recomputeSupply } from './recomputeSupply';
import { SubjectRegistry } from './subjectRegistry';

const logger = createLogger('silent', 'test');

describe('supply propagation in the scoring worker', () => {
  let store: Store;
  let deps: RecomputeDeps;
  let marked: SubjectRef[];
  let webhookJobs: unknown[];
  const site = aSite({ location: { type: 'Point', coordinates: [-5.0, 10.0] } });
  // The Bamako–Kayes road, far from the site: the site's own score does not see what happens on it.
  const road = aRoute({ name: 'Kayes corridor' });
  const siteRef: SubjectRef = { tenantId: 'default', type: 'site', id: site.id };
  const roadRef: SubjectRef = { tenantId: 'default', type: 'route', id: road.id };
  let clock = hoursAfterT0(1);

  beforeEach(async () => {
    store = openSqliteStore({ file: ':memory:' });
    await store.sites.create(site);
    await store.routes.create(road);
    const registry = new SubjectRegistry(store, logger);
    await registry.reloadAll();
    marked = [];
    webhookJobs = [];
    const producers = {
      enqueueWebhooks: async (jobs: unknown[]) => void webhookJobs.push(...jobs),
    } as unknown as Producers;
    clock = hoursAfterT0(1);
    deps = { store, registry, producers, logger, now: () => new Date(clock), markSupply: (s) => marked.push(...s) };
    await store.supply.putPlan({
      tenantId: 'default',
      siteId: site.id,
      inputs: [{ input: 'fuel', bufferDays: 10, criticality: 1, routes: [{ routeId: road.id, share: 1, maxShare: 1 }] }],
      updatedAt: T0,
    });
  });
  afterEach(() => store.close());

  const fresh = async () => {
    const route = (await store.scores.get('default', 'route', road.id))!;
    return supplyScore(
      [{ input: 'fuel', bufferDays: 10, criticality: 1, routes: [{ routeId: road.id, share: 1, maxShare: 1 }] }],
      new Map([
        [
          road.id,
          { routeId: road.id, name: road.name, score: route.score, worstSegment: route.routeViews?.worstSegment ?? null },
        ],
      ]),
    );
  };

  it('marks the sites of a route whose score is written, and their supply then equals a fresh computation', async () => {
    await store.scores.bumpSeq([roadRef, siteRef]);
    await recomputeSubjects(deps, [roadRef, siteRef]);
    expect(marked).toContainEqual(siteRef);
    expect(await store.supply.listStale(10)).toEqual([siteRef]);
    await recomputeSupply(deps, [siteRef]);
    expect(await store.supply.listStale(10)).toEqual([]);
    const first = (await store.supply.get('default', site.id))!;
    // The plan bumped the sequence once, the route write twice (before and after).
    expect(first).toMatchObject({ ...(await fresh()), basedOnSeq: 3, asOf: hoursAfterT0(1) });
    const locationBefore = (await store.scores.get('default', 'site', site.id))!.score;

    // An attack on the corridor: the route's score rises, then the site's supply; its location score does not move.
    await store.events.accept([anEvent({ knownAt: hoursAfterT0(1), geometry: { type: 'Point', coordinates: [-9.5, 13.4] } })]);
    clock = hoursAfterT0(2);
    await store.scores.bumpSeq([roadRef, siteRef]);
    await recomputeSubjects(deps, [roadRef, siteRef]);
    await recomputeSupply(deps, marked);
    const second = (await store.supply.get('default', site.id))!;
    expect(second.score).toBeGreaterThan(first.score);
    expect(second).toMatchObject(await fresh());
    expect((await store.scores.get('default', 'site', site.id))!.score).toBe(locationBefore);
  });

  it('sends a supply crossing for a change, never for a first supply score', async () => {
    await store.subscriptions.create(aSubscription({ id: 'sub_s', metric: 'supply', threshold: 1 }));
    await store.subscriptions.create(
      aSubscription({ id: 'sub_l', metric: 'score', threshold: 99, filter: { subjectType: 'site' } }),
    );
    await store.supply.bumpSeq([siteRef]);
    await recomputeSupply(deps, [siteRef]);
    expect(webhookJobs).toEqual([]);
    await store.events.accept([anEvent({ knownAt: hoursAfterT0(1), geometry: { type: 'Point', coordinates: [-9.5, 13.4] } })]);
    clock = hoursAfterT0(2);
    await store.scores.bumpSeq([roadRef]);
    await recomputeSubjects(deps, [roadRef]);
    await recomputeSupply(deps, marked);
    expect(webhookJobs).toHaveLength(1);
    const page = await store.deliveries.listForSubscription('default', 'sub_s', { limit: 10 });
    const payload = JSON.parse(page.items[0]!.payload);
    expect(payload.data).toMatchObject({
      metric: 'supply',
      subject: { type: 'site', id: site.id },
      contributors: [],
      routeParts: [expect.objectContaining({ input: 'fuel', routeId: road.id, name: 'Kayes corridor' })],
    });
  });

  it('writes nothing for a site whose plan is gone', async () => {
    await store.supply.deletePlan('default', site.id);
    await store.supply.bumpSeq([siteRef]);
    await recomputeSupply(deps, [siteRef]);
    expect(await store.supply.get('default', site.id)).toBeNull();
  });
});
