/**
 * Whole-pipeline faults (docs/architecture.md invariants "Nothing accepted is lost" and "Convergence"). Each
 * lets the pipeline drain on its own after the fault, then checks that nothing accepted is lost and that
 * the stored scores, as the fault and the sweeps left them, equal a fresh recomputation from the stored events.
 */
import { QUEUES } from '@minerisk/shared/contracts/queues';
import type { NormalizedEvent, Route, Site } from '@minerisk/shared/domain';
import { acceptDocument } from '@minerisk/shared/ingest/accept';
import { aRoute, aSite } from '@minerisk/shared/testing/store/builders';
import { anIncident } from '../helpers/incidents';
import { startServiceProcess, waitFor, type ServiceProcess } from '../helpers/processes';
import { asSubjects, expectConverged, startPipelineEnv, waitForScoringDrained, type PipelineEnv } from '../helpers/pipeline';

function sites(n: number): Site[] {
  return Array.from({ length: n }, (_, i) =>
    aSite({ tenantId: 'acme', location: { type: 'Point', coordinates: [-8 + (i % 5) * 0.3, 12 + Math.floor(i / 5) * 0.3] } }),
  );
}
const ROUTES: Route[] = [
  aRoute({
    tenantId: 'acme',
    geometry: {
      type: 'LineString',
      coordinates: [
        [-9, 12],
        [-7, 12.5],
        [-6, 13],
      ],
    },
  }),
];

function incident(i: number): NormalizedEvent {
  return anIncident({
    source: 'fault-test',
    sourceEventId: `f-${i}`,
    severity01: 0.4 + (i % 6) / 10,
    fatalities: i % 3,
    geometry: { type: 'Point', coordinates: [-8.2 + (i % 9) * 0.2, 12.1 + (i % 4) * 0.2] },
    observedAt: new Date(Date.now() - (i % 10) * 3_600_000).toISOString(),
  });
}

async function seed(p: PipelineEnv): Promise<ReturnType<typeof asSubjects>> {
  const { store } = p.opened.ctx;
  const s = sites(20);
  for (const x of s) await store.sites.create(x);
  for (const r of ROUTES) await store.routes.create(r);
  return asSubjects(s, ROUTES);
}

async function burst(p: PipelineEnv, from: number, count: number): Promise<number> {
  const { store, producers } = p.opened.ctx;
  let accepted = 0;
  for (let i = from; i < from + count; i += 25) {
    const items = Array.from({ length: Math.min(25, from + count - i) }, (_, k) => ({
      index: k,
      kind: 'event' as const,
      event: incident(i + k),
    }));
    accepted += (await acceptDocument({ store, enqueueEvents: producers.enqueueEvents }, null, { format: 'geojson', items }))
      .accepted;
  }
  return accepted;
}

async function processedCount(p: PipelineEnv, total: number): Promise<number> {
  const unprocessed = await p.opened.ctx.store.events.listUnprocessed(new Date(Date.now() + 60_000).toISOString(), total);
  return total - unprocessed.length;
}

/**
 * A worker's periodic re-score runs once when it registers its scheduler (BullMQ runs an `every` scheduler at
 * once), then every RESCORE_EVERY_MINUTES (60 here): wait for that first one before the fault, so that what
 * is checked afterwards is what the fault and the pipeline left, not a re-score of everything.
 */
async function periodicRescoreDone(p: PipelineEnv): Promise<void> {
  const schedules = p.opened.ctx.producers.queue(QUEUES.schedules);
  await waitFor(
    'the first periodic re-score',
    async () => (await schedules.getJobCounts('completed')).completed! > 0,
    30_000,
    50,
  );
  await waitForScoringDrained(p, 30_000);
}

/** No re-score of every subject (periodic or model-version) ran since `since`: the pipeline drained on its own. */
async function expectNoRescoreSince(p: PipelineEnv, since: number): Promise<void> {
  const jobs = await p.opened.ctx.producers.queue(QUEUES.schedules).getJobs(['completed', 'active', 'waiting', 'delayed'], 0, -1);
  expect(jobs.filter((j) => (j.processedOn ?? Infinity) >= since && j.processedOn !== undefined).map((j) => j.name)).toEqual([]);
}

describe('pipeline faults', () => {
  let p: PipelineEnv;
  let workers: ServiceProcess[] = [];
  const worker = (extra: Record<string, string> = {}) => {
    const w = startServiceProcess('services/scoring/src/main.ts', {
      ...p.env,
      SCORING_CONCURRENCY: '4',
      SWEEP_EVERY_SECONDS: '1',
      ...extra,
    });
    workers.push(w);
    return w;
  };

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    workers = [];
    await p.close();
  });

  it('a scoring worker SIGKILLed in the middle of a burst loses nothing', async () => {
    p = await startPipelineEnv();
    const subjects = await seed(p);
    const first = worker();
    await periodicRescoreDone(p);
    const burstStarted = Date.now();
    const accepted = await burst(p, 0, 400);
    expect(accepted).toBe(400);
    await waitFor('some events processed', async () => (await processedCount(p, 400)) > 0, 30_000, 20);
    first.child.kill('SIGKILL');
    worker();
    await waitForScoringDrained(p, 150_000);
    expect(await processedCount(p, 400)).toBe(400);
    await expectNoRescoreSince(p, burstStarted);
    await expectConverged(p, subjects);
  });

  it('Redis restarted (AOF) mid-stream loses nothing', async () => {
    p = await startPipelineEnv({ appendonly: true });
    const subjects = await seed(p);
    worker();
    await periodicRescoreDone(p);
    const burstStarted = Date.now();
    await burst(p, 0, 150);
    await p.redis.stop('SIGKILL');
    await p.redis.start();
    await burst(p, 150, 150);
    await waitForScoringDrained(p, 120_000);
    expect(await processedCount(p, 300)).toBe(300);
    await expectNoRescoreSince(p, burstStarted);
    await expectConverged(p, subjects);
  });

  it('Redis flushed mid-stream: the sweep re-queues every stored event', async () => {
    p = await startPipelineEnv();
    const subjects = await seed(p);
    await burst(p, 0, 200);
    // Everything queued so far is gone before any worker saw it.
    await p.opened.ctx.redis.flushall();
    worker();
    await periodicRescoreDone(p);
    const burstStarted = Date.now();
    await burst(p, 200, 50);
    await waitForScoringDrained(p, 120_000);
    expect(await processedCount(p, 250)).toBe(250);
    await expectNoRescoreSince(p, burstStarted);
    await expectConverged(p, subjects);
  });
});
