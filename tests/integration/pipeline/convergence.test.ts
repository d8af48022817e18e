/**
 * docs/architecture.md invariant "Convergence": two scoring worker processes at concurrency > 1, a burst of events
 * over overlapping subjects; once the queues drain, every stored score equals a fresh recomputation.
 */
import type { NormalizedEvent, Route, Site } from '@minerisk/shared/domain';
import { acceptDocument } from '@minerisk/shared/ingest/accept';
import { aRoute, aSite } from '@minerisk/shared/testing/store/builders';
import { anIncident } from '../../helpers/incidents';
import { startServiceProcess, type ServiceProcess } from '../../helpers/processes';
import { asSubjects, expectConverged, startPipelineEnv, waitForScoringDrained, type PipelineEnv } from '../../helpers/pipeline';

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
    const routes = clusterRoutes(4);
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
    const reports = await Promise.all(
      docs.map((d) =>
        acceptDocument({ store, enqueueEvents: producers.enqueueEvents }, d.tenant, { format: 'geojson', items: d.items }),
      ),
    );
    expect(reports.reduce((n, r) => n + r.accepted, 0)).toBe(300);
    await waitForScoringDrained(p, 120_000);
    const checked = await expectConverged(p, subjects);
    expect(checked).toBe(subjects.length);
    // Neither worker process crashed along the way.
    for (const w of workers) expect(w.child.exitCode).toBeNull();
  });
});
