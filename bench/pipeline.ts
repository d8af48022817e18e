/**
 * End-to-end scoring through BullMQ (event stored → events queue → scoring worker → scores stored, event
 * marked processed) next to a bare no-op BullMQ worker on the same Redis in the same run.
 * Target: ≥ 0.5× the no-op worker's jobs/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadConfig } from '@minerisk/shared/runtime/config';
import type { NormalizedEvent } from '@minerisk/shared/domain';
import { acceptDocument, type AcceptDeps } from '@minerisk/shared/ingest/accept';
import { openContext } from '@minerisk/shared/runtime/context';
import { redisConnection } from '@minerisk/shared/runtime/redis';
import type { Store } from '@minerisk/shared/store/port';
import { anIncident } from '../tests/helpers/incidents';
import { anyEventUnprocessed, scoringDrained } from '../tests/helpers/pipeline';
import { waitFor } from '../tests/helpers/processes';
import { startTestRedis } from '../tests/helpers/redisServer';
import { elapsedMs } from '../services/scoring/src/rescorer';
import { startScoring } from '../services/scoring/src/service';
import { prng, syntheticPortfolio } from './portfolio';
import type { Benchmark } from './types';

export const EVENTS = 5_000;
/** Events per accepted document (and per `addBulk` of the no-op baseline). */
const DOCUMENT_SIZE = 500;
const CONCURRENCY = 64;

export function syntheticIncident(i: number, rand: () => number, observedAt: string): NormalizedEvent {
  return anIncident({
    source: 'bench',
    sourceEventId: `b-${i}`,
    title: `bench incident ${i}`,
    severity01: 0.5 + rand() / 2,
    certainty01: 0.8,
    fatalities: Math.floor(rand() * 4),
    geometry: { type: 'Point', coordinates: [-17 + rand() * 21, 5 + rand() * 11] },
    locationUncertaintyKm: 2,
    observedAt,
  });
}

/** CPU seconds used so far by this process (user + system) and by the Redis server (its `INFO cpu`). */
async function cpuSeconds(redis: Redis): Promise<{ node: number; redis: number }> {
  const { user, system } = process.cpuUsage();
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return { node: (user + system) / 1e6, redis: field('used_cpu_user') + field('used_cpu_sys') };
}

/** CPU seconds used since `before`. */
async function cpuSince(redis: Redis, before: { node: number; redis: number }): Promise<{ node: number; redis: number }> {
  const now = await cpuSeconds(redis);
  return { node: now.node - before.node, redis: now.redis - before.redis };
}

/** Seconds and ratios in results.json, to the millisecond. */
const to3 = (x: number) => Math.round(x * 1000) / 1000;

type WorkloadItem = { index: number; kind: 'event'; event: NormalizedEvent };

/**
 * The workload of this benchmark (and of `round`): 2,000 sites and 200 routes over West Africa stored, and
 * 5,000 incidents of the last day among them, ready to accept as GeoJSON items.
 */
export async function pipelineWorkload(store: Store): Promise<WorkloadItem[]> {
  const { sites, routes } = syntheticPortfolio({ sites: 2_000, routes: 200, seed: 3 });
  for (const s of sites) await store.sites.create(s);
  for (const r of routes) await store.routes.create(r);
  const rand = prng(11);
  const observedAt = new Date(Date.now() - 86_400_000).toISOString();
  return Array.from({ length: EVENTS }, (_, i) => ({
    index: i,
    kind: 'event' as const,
    event: syntheticIncident(i, rand, observedAt),
  }));
}

/** Accepts the items as the ingest path does, in GeoJSON documents of DOCUMENT_SIZE; `afterEach` gets the count so far. */
export async function acceptInDocuments(
  deps: AcceptDeps,
  items: WorkloadItem[],
  afterEach: (accepted: number) => void = () => undefined,
): Promise<void> {
  for (let i = 0; i < items.length; i += DOCUMENT_SIZE) {
    const doc = items.slice(i, i + DOCUMENT_SIZE);
    await acceptDocument(deps, null, { format: 'geojson', items: doc });
    afterEach(i + doc.length);
  }
}

export const run: Benchmark = async () => {
  const redis = await startTestRedis();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-bench-'));
  const config = loadConfig({
    REDIS_URL: redis.url,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: 'bench',
    // `LOG_LEVEL=debug npm run bench -- pipeline` shows each flush and recompute round with its duration, and
    // the time since the first event was stored at each document queued and at the end.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    FEEDS_POLL: 'false',
  });
  const opened = await openContext('bench', config);
  const { ctx } = opened;
  try {
    // Baseline: a worker that does nothing, same Redis, same concurrency, same job count.
    const noopConn = redisConnection(redis.url, 'worker');
    const noopQueue = new Queue('noop', { connection: ctx.redis, prefix: 'bench' });
    // Like the pipeline's scoring worker, it is running before the first job is queued, and its clock starts
    // with the first enqueue: both figures count queueing and processing, neither a head start.
    const noop = new Worker('noop', async () => undefined, {
      connection: noopConn,
      prefix: 'bench',
      concurrency: CONCURRENCY,
    });
    await noop.waitUntilReady();
    let cpu0 = await cpuSeconds(ctx.redis);
    let t0 = performance.now();
    for (let i = 0; i < EVENTS; i += DOCUMENT_SIZE) {
      await noopQueue.addBulk(
        Array.from({ length: Math.min(DOCUMENT_SIZE, EVENTS - i) }, (_, k) => ({
          name: 'noop',
          data: { eventId: `e${i + k}` },
          opts: { jobId: `e${i + k}`, removeOnComplete: { count: EVENTS } },
        })),
      );
    }
    await waitFor(
      'the no-op worker finishing',
      async () => (await noopQueue.getJobCounts('completed')).completed === EVENTS,
      120_000,
      20,
    );
    const noopSeconds = (performance.now() - t0) / 1000;
    const noopCpu = await cpuSince(ctx.redis, cpu0);
    await noop.close();
    noopConn.disconnect();

    // The pipeline: 2,000 sites and 200 routes over West Africa, events stored then queued.
    const items = await pipelineWorkload(ctx.store);
    const scoring = await startScoring(ctx, { schedules: false });
    cpu0 = await cpuSeconds(ctx.redis);
    t0 = performance.now();
    await acceptInDocuments({ store: ctx.store, enqueueEvents: ctx.producers.enqueueEvents }, items, (events) =>
      ctx.logger.debug({ events, ms: elapsedMs(t0) }, 'bench: events stored and queued'),
    );
    // Done when every event is processed and every score written (completed jobs are trimmed, so not counted).
    // On the way, the moment the last event was applied (marked processed, its subjects' sequences bumped):
    // what the pipeline would take if the recompute round after it cost nothing.
    let appliedAt: number | null = null;
    await waitFor(
      'the pipeline processing every event and writing every score',
      async () => {
        if (appliedAt === null) {
          if (await anyEventUnprocessed(ctx.store)) return false;
          appliedAt = performance.now();
        }
        return scoringDrained(ctx);
      },
      600_000,
      20,
    );
    const pipelineSeconds = (performance.now() - t0) / 1000;
    const appliedSeconds = ((appliedAt ?? NaN) - t0) / 1000;
    const pipelineCpu = await cpuSince(ctx.redis, cpu0);
    ctx.logger.debug({ ms: elapsedMs(t0) }, 'bench: every event processed and every score written');
    const unprocessed = await ctx.store.events.listUnprocessed(new Date().toISOString(), 10);
    await scoring.stop();
    await noopQueue.close();
    const noopRate = EVENTS / noopSeconds;
    const pipelineRate = EVENTS / pipelineSeconds;
    return [
      {
        name: 'pipeline.events',
        what: `events stored, queued, matched against 2,000 sites + 200 routes, marked processed, and every affected score written (${EVENTS} events; the scoring worker holds up to 1,000 event jobs at once)`,
        value: pipelineRate,
        unit: 'events/s',
        baseline: {
          what: `bare no-op BullMQ worker, concurrency ${CONCURRENCY} (its fastest setting here), timed from its first enqueue like the pipeline`,
          value: noopRate,
          unit: 'jobs/s',
        },
        ratio: pipelineRate / noopRate,
        target: { text: '≥ 0.5× no-op worker', met: pipelineRate / noopRate >= 0.5 },
        extra: {
          unprocessedAfterDrain: unprocessed.length,
          noopSeconds: to3(noopSeconds),
          pipelineSeconds: to3(pipelineSeconds),
          // Within the 20 ms the bench polls at; the ratio the pipeline would reach were the last round free.
          allEventsAppliedSeconds: to3(appliedSeconds),
          ratioIfLastRoundFree: to3(noopSeconds / appliedSeconds),
          noopCpuSecondsNode: to3(noopCpu.node),
          noopCpuSecondsRedis: to3(noopCpu.redis),
          pipelineCpuSecondsNode: to3(pipelineCpu.node),
          pipelineCpuSecondsRedis: to3(pipelineCpu.redis),
        },
      },
    ];
  } finally {
    await opened.close();
    await redis.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
};
