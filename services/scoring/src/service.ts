import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { z } from 'zod';
import type { SubjectRef } from '@minerisk/shared/domain';
import { QUEUES, SCHEDULE_JOBS, eventJobSchema, recomputeJobSchema, scheduleJobSchema } from '@minerisk/shared/contracts/queues';
import { redisConnection } from '@minerisk/shared/runtime/redis';
import { withDeadline, type RunningService, type ServiceContext } from '@minerisk/shared/runtime/context';
import { SHIPPED_MODEL } from '@minerisk/shared/model/config';
import { EventBatcher } from './eventBatcher';
import { scoringMetrics } from './metrics';
import type { RecomputeDeps } from './recomputeSubjects';
import { recomputeSupply } from './recomputeSupply';
import { Rescorer } from './rescorer';
import { rescoreAll } from './rescoreAll';
import { upsertSchedules } from './schedules';
import { SubjectRegistry } from './subjectRegistry';
import { changedSubjects } from './submitBatcher';
import { sweepEvents } from './sweep';

/**
 * A killed worker's active jobs come back after their lock expires and a stalled check sees it: BullMQ's
 * defaults (30 s + 30 s) would leave accepted events unscored for a minute. Locks are renewed while a job runs.
 */
const LOCKS = { lockDuration: 15_000, stalledInterval: 5_000 } as const;

/**
 * Event jobs active at once per worker; they wait on a shared flush, so this bounds the batch size. Measured
 * with a no-op processor on this box: BullMQ starts processing only once it has fetched this many jobs, so
 * 5,000 delays the first call by 1.5 s and runs at 2,200 jobs/s, 1,000 at 3,750 jobs/s.
 */
const EVENT_JOBS_IN_FLIGHT = 1000;

/** Full reload of subjects, in case a pub/sub message was missed (Redis restart, network blip). */
const RELOAD_EVERY_MS = 5 * 60_000;

/** A job's data, checked again in the worker: data that does not parse can never succeed, so it fails at once. */
function jobData<T>(schema: z.ZodType<T>, job: Job): T {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad ${job.queueName} job ${job.id}: ${parsed.error.message}`);
  return parsed.data;
}

export interface ScoringOptions {
  now?: () => Date;
  /**
   * Register the periodic schedulers (default true; tests turn it off to drive sweeps themselves). The
   * model-version check at start runs either way.
   */
  schedules?: boolean;
}

/**
 * A model version other than the stored scores' re-scores every subject, once (docs/scoring.md): the job id
 * names the version, so workers starting together queue one job; once it has run, no stored score has
 * another version and later starts queue nothing. Returns whether it queued the re-score.
 */
export async function rescoreOnNewModel(ctx: Pick<ServiceContext, 'store' | 'producers' | 'logger'>): Promise<boolean> {
  const modelVersion = SHIPPED_MODEL.modelVersion;
  if (!(await ctx.store.scores.anyOtherModelVersion(modelVersion))) return false;
  await ctx.producers
    .queue(QUEUES.schedules)
    .add(SCHEDULE_JOBS.rescoreModelVersion, { kind: SCHEDULE_JOBS.rescoreModelVersion }, { jobId: `model-${modelVersion}` });
  ctx.logger.info({ modelVersion }, 'stored scores have another model version: every subject is re-scored');
  return true;
}

/**
 * The scoring worker: events → affected subjects (sequence bumped, event processed) → a recompute round per
 * burst → store (CAS) → crossings; plus recompute jobs (subject changes, advisories, periodic re-score,
 * sweeps) and the scheduled maintenance jobs.
 */
export async function startScoring(ctx: ServiceContext, opts: ScoringOptions = {}): Promise<RunningService> {
  const { config, logger, store, producers } = ctx;
  const now = opts.now ?? (() => new Date());
  const registry = new SubjectRegistry(store, logger);
  await registry.reloadAll();
  const subscriber = redisConnection(ctx.redisUrl, 'worker');
  await registry.listen(subscriber, ctx.subjectChangesChannel);
  const schedules = producers.queue(QUEUES.schedules);
  const maintain = async () => {
    await registry.reloadAll();
    // Idempotent; puts the schedulers back if Redis lost them (restart without AOF, FLUSHALL).
    if (opts.schedules !== false) await upsertSchedules(schedules, config);
  };
  const reload = setInterval(
    () => void maintain().catch((err: unknown) => logger.error({ err }, 'periodic maintenance failed')),
    RELOAD_EVERY_MS,
  );
  reload.unref();

  const deps: RecomputeDeps = { store, registry, producers, logger, now };
  const requeue = (refs: SubjectRef[]) => producers.enqueueRecompute(refs.map((r) => ({ ...r, reason: 'event' as const })));
  const requeueSupply = (refs: SubjectRef[]) =>
    producers.enqueueRecompute(refs.map((r) => ({ ...r, reason: 'route-score' as const, metric: 'supply' as const })));
  const eventsQueue = producers.queue(QUEUES.events);
  const metrics = scoringMetrics(ctx.registry);
  const eventsWaiting = async () => (await eventsQueue.getJobCountByTypes('waiting', 'active')) > 0;
  // Supply scores follow route scores: the sites a route-score write marked are recomputed in rounds of their
  // own, after a burst of events has been applied (docs/architecture.md, Supply exposure).
  const supplyRescorer = new Rescorer(
    { ...deps, requeue: requeueSupply, recompute: (refs) => recomputeSupply(deps, refs) },
    logger,
    eventsWaiting,
  );
  deps.markSupply = (sites) => supplyRescorer.mark(sites);
  const batcher = new EventBatcher({ ...deps, requeue }, logger, {
    onMissing: (n) => metrics.eventsMissing.inc(n),
    // Active counts too: BullMQ fetches a worker's jobs some time before it hands them to the processor, so
    // at the end of a burst the last jobs are active here but not yet in the batcher; a round started then
    // recomputes every subject once more for them. Jobs active in a dead worker delay a round by maxDelayMs
    // at most.
    moreQueued: eventsWaiting,
  });
  const connection = redisConnection(ctx.redisUrl, 'worker');
  const prefix = ctx.queuePrefix;

  const eventsWorker = new Worker(
    QUEUES.events,
    async (job: Job) => batcher.submit(jobData(eventJobSchema, job).eventId),
    // Most event jobs just wait for their batch: many in flight is what lets a flush coalesce them
    // (a flush can only hold the jobs that are active at once).
    { connection, prefix, concurrency: EVENT_JOBS_IN_FLIGHT, ...LOCKS },
  );
  // Supply recomputes queued as jobs (the sweep, tools) join the supply rounds the same way.
  const supplyChanged = changedSubjects(
    (refs) => store.supply.bumpSeq(refs),
    (refs) => supplyRescorer.mark(refs),
  );
  const recomputeWorker = new Worker(
    QUEUES.recompute,
    async (job: Job) => {
      const j = jobData(recomputeJobSchema, job);
      const ref: SubjectRef = { tenantId: j.tenantId, type: j.type, id: j.id };
      if (j.metric === 'supply') return supplyChanged.submit(ref);
      if (j.reason === 'subject-changed') await registry.refresh(ref);
      // Completes once the subject is stale in the store and due in a round: a worker that dies before the
      // round leaves it stale for the sweep, as with events.
      return batcher.submitChanged(ref);
    },
    // Like event jobs, most just wait for their batch: SCORING_CONCURRENCY bounds the batch.
    { connection, prefix, concurrency: config.SCORING_CONCURRENCY, ...LOCKS },
  );
  const schedulesWorker = new Worker(
    QUEUES.schedules,
    async (job: Job) => {
      const { kind } = jobData(scheduleJobSchema, job);
      return rescoreAll(
        { store, registry, producers },
        kind === SCHEDULE_JOBS.rescoreModelVersion ? 'model-version' : 'periodic',
      );
    },
    { connection, prefix, concurrency: 1 },
  );
  for (const w of [eventsWorker, recomputeWorker, schedulesWorker]) {
    w.on('failed', (job, err) => {
      logger.warn({ queue: w.name, jobId: job?.id, err }, 'job failed');
      // A job BullMQ will try again is back in waiting or delayed; one that failed for good stays failed.
      void (job ? job.getState() : Promise.resolve('failed'))
        .catch(() => 'unknown')
        .then((state) => metrics.jobsFailed.inc({ queue: w.name, retried: state === 'failed' ? 'false' : 'true' }));
    });
    w.on('error', (err) => logger.error({ queue: w.name, err }, 'worker error'));
  }
  // The sweep runs on a timer in every worker, not on a Redis schedule: it must work when Redis lost everything.
  let sweeping = false;
  const sweep = () => {
    if (sweeping) return;
    sweeping = true;
    sweepEvents({
      store,
      producers,
      eventsQueue,
      recomputeQueue: producers.queue(QUEUES.recompute),
      logger,
      now,
      holds: (ref, metric) => (metric === 'supply' ? supplyRescorer.holds(ref) : batcher.holds(ref)),
    })
      .catch((err: unknown) => logger.warn({ err }, 'sweep failed'))
      .finally(() => (sweeping = false));
  };
  const sweepTimer = setInterval(sweep, config.SWEEP_EVERY_SECONDS * 1000);
  sweepTimer.unref();
  // Once at start too: subjects a killed worker left stale are re-scored now, not a sweep interval later.
  sweep();
  if (opts.schedules !== false) {
    await upsertSchedules(schedules, config);
  }
  await rescoreOnNewModel(ctx);
  logger.info({ subjects: registry.size }, 'scoring worker started');

  return {
    async stop() {
      clearInterval(reload);
      clearInterval(sweepTimer);
      const deadline = config.SHUTDOWN_TIMEOUT_MS;
      // Workers first (their active event jobs end with the flushes they wait on), then the last round.
      const closing = Promise.all([eventsWorker.close(), recomputeWorker.close(), schedulesWorker.close()])
        .then(() => supplyChanged.drain())
        .then(() => batcher.close())
        .then(() => supplyRescorer.close());
      await withDeadline(closing, deadline);
      subscriber.disconnect();
      connection.disconnect();
    },
  };
}
