/**
 * docs/architecture.md invariant "Convergence": two scoring worker processes at concurrency > 1, a burst of events
 * over overlapping subjects; once the queues drain, every stored score equals a fresh recomputation. With supply
 * (docs/scoring.md §6, S6): plans change while the burst moves the route scores they read, a route is deleted
 * from the plans naming it; once drained, every stored supply score equals a fresh computation from the stored
 * route scores and the current plans.
 */
import type { NormalizedEvent, Route, Site, SubjectRef, SupplyPlan } from '@minerisk/shared/domain';
import type { Store } from '@minerisk/shared/store/port';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { acceptDocument } from '@minerisk/shared/ingest/accept';
import { aRoute, aSite } from '@minerisk/shared/testing/store/builders';
import { anIncident } from '../../helpers/incidents';
import { startServiceProcess, type ServiceProcess } from '../../helpers/processes';
import {
  asSubjects,
  expectConverged,
  expectSupplyConverged,
  startPipelineEnv,
  waitForScoringDrained,
  type PipelineEnv,
} from '../../helpers/pipeline';

const TENANTS = ['acme', 'globex'];

function clusterSites(n: number): Site[] {
  // A 1°×1° cluster south of Bamako: every event reaches many sites at once.
  return Array.from({ length: n }, (_, i) =>
    aSite({
      tenantId: TENANTS[i % 2]!,
      location: { type: 'Point', coordinates: [-8.5 + (i % 6) * 0.2, 11.5 + Math.floor(i / 6) * 0.2] },
      radiusKm: 80,
    }),
  );
}

function clusterRoutes(n: number): Route[] {
  return Array.from({ length: n }, (_, i) =>
    aRoute({
      tenantId: TENANTS[i % 2]!,
      geometry: {
        type: 'LineString',
        coordinates: [
          [-8.8, 11.2 + i * 0.3],
          [-7.2, 11.4 + i * 0.3],
          [-6.6, 12.0 + i * 0.2],
        ],
      },
    }),
  );
}

function burstEvent(i: number): NormalizedEvent {
  return anIncident({
    sourceEventId: `burst-${i % 150}`,
    // Some identities get a second version in the burst: the newest must win everywhere.
    version: i < 150 ? 1 : 2,
    category: i % 7 === 0 ? 'blockade' : 'attack',
    subcategory: null,
    targets: i % 3 === 0 ? ['fuel'] : [],
    severity01: 0.3 + ((i * 37) % 70) / 100,
    certainty01: 0.9,
    fatalities: i % 4,
    geometry: { type: 'Point', coordinates: [-8.6 + ((i * 13) % 17) * 0.1, 11.4 + ((i * 7) % 11) * 0.1] },
    observedAt: new Date(Date.now() - (i % 20) * 3_600_000).toISOString(),
    status: i >= 150 && i % 10 === 0 ? 'cancelled' : 'active',
  });
}

/** A plan over the tenant's routes: fuel split over two of them with an alternate, explosives on a third. */
function planFor(site: Site, routes: Route[], variant: number): SupplyPlan {
  const own = routes.filter((r) => r.tenantId === site.tenantId);
  const at = (k: number) => own[(variant + k) % own.length]!.id;
  return {
    tenantId: site.tenantId,
    siteId: site.id,
    inputs: [
      {
        input: 'fuel',
        bufferDays: 5 + (variant % 4) * 10,
        criticality: 1,
        routes: [
          { routeId: at(0), share: 0.6, maxShare: 0.8 },
          { routeId: at(1), share: 0.4, maxShare: 0.4 },
        ],
      },
      { input: 'explosives', bufferDays: 30, criticality: 0.7, routes: [{ routeId: at(1), share: 1, maxShare: 1 }] },
    ],
    updatedAt: new Date().toISOString(),
  };
}

/** What PUT /v1/sites/:id/supply does after validation: store, mark stale, queue. */
async function putPlan(store: Store, producers: Producers, plan: SupplyPlan): Promise<void> {
  await store.supply.putPlan(plan);
  const ref: SubjectRef = { tenantId: plan.tenantId, type: 'site', id: plan.siteId };
  await store.supply.bumpSeq([ref]);
  await producers.enqueueRecompute([{ ...ref, reason: 'plan-changed', metric: 'supply' }]);
}

describe('convergence with two scoring worker processes', () => {
  let p: PipelineEnv;
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    p = await startPipelineEnv();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await p.close();
  });

  it('ends with every score equal to a fresh recomputation', async () => {
    const { store, producers } = p.opened.ctx;
    const sites = clusterSites(36);
    const routes = clusterRoutes(6);
    for (const s of sites) await store.sites.create(s);
    for (const r of routes) await store.routes.create(r);
    for (let i = 0; i < 2; i++) {
      workers.push(
        startServiceProcess('services/scoring/src/main.ts', { ...p.env, SCORING_CONCURRENCY: '4', SWEEP_EVERY_SECONDS: '2' }),
      );
    }
    const subjects = asSubjects(sites, routes);
    await producers.enqueueRecompute(
      subjects.map((s) => ({ tenantId: s.tenantId, type: s.type, id: s.id, reason: 'subject-changed' as const })),
    );
    // The burst: 300 events in 10 documents pushed at once, half global, half for one tenant.
    const docs = Array.from({ length: 10 }, (_, d) => ({
      tenant: d % 2 === 0 ? null : 'acme',
      items: Array.from({ length: 30 }, (_, k) => ({ index: k, kind: 'event' as const, event: burstEvent(d * 30 + k) })),
    }));
    // Two thirds of the sites get a plan before the burst; during it, plans change, new ones appear, and a
    // route is deleted (leaving every plan that names it, as DELETE /v1/routes/:id does).
    const planned = sites.filter((_, i) => i % 3 !== 2);
    for (const [i, s] of planned.entries()) await putPlan(store, producers, planFor(s, routes, i));
    const planChanges = (async () => {
      for (let round = 1; round <= 3; round++) {
        for (const [i, s] of sites.entries()) if (i % round === 0) await putPlan(store, producers, planFor(s, routes, i + round));
        await new Promise((r) => setTimeout(r, 150));
      }
      const gone = routes[0]!;
      await store.routes.delete(gone.tenantId, gone.id);
      await store.scores.deleteForSubject(gone.tenantId, 'route', gone.id);
      const marked = await store.supply.removeRoute(gone.tenantId, gone.id);
      await producers.enqueueRecompute(marked.map((m) => ({ ...m, reason: 'plan-changed' as const, metric: 'supply' as const })));
    })();
    const reports = await Promise.all(
      docs.map((d) =>
        acceptDocument({ store, enqueueEvents: producers.enqueueEvents }, d.tenant, { format: 'geojson', items: d.items }),
      ),
    );
    await planChanges;
    expect(reports.reduce((n, r) => n + r.accepted, 0)).toBe(300);
    await waitForScoringDrained(p, 120_000);
    const remaining = subjects.filter((s) => s.id !== routes[0]!.id);
    const checked = await expectConverged(p, remaining);
    expect(checked).toBe(remaining.length);
    expect(await expectSupplyConverged(p, TENANTS)).toBe(sites.length);

    // Then route scores alone move (a second burst, every supply score already stored): only the propagation
    // of route-score writes to the plans naming them can bring the supply scores along.
    const second = await acceptDocument({ store, enqueueEvents: producers.enqueueEvents }, null, {
      format: 'geojson',
      items: Array.from({ length: 60 }, (_, k) => ({
        index: k,
        kind: 'event' as const,
        event: { ...burstEvent(k * 5), sourceEventId: `second-${k}`, version: 1, status: 'active' as const, severity01: 1 },
      })),
    });
    expect(second.accepted).toBe(60);
    // Half way, one more plan change races the propagation.
    await putPlan(store, producers, planFor(sites[1]!, routes.slice(1), 7));
    await waitForScoringDrained(p, 120_000);
    expect(await expectSupplyConverged(p, TENANTS)).toBe(sites.length);
    // Neither worker process crashed along the way.
    for (const w of workers) expect(w.child.exitCode).toBeNull();
  });
});
