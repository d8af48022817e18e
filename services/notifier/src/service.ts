import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { QUEUES, webhookJobSchema } from '@minerisk/shared/contracts/queues';
import { withDeadline, type RunningService, type ServiceContext } from '@minerisk/shared/runtime/context';
import { redisConnection } from '@minerisk/shared/runtime/redis';
import { createWebhookDispatcher, type Resolver } from '@minerisk/shared/webhooks/ssrfGuard';
import { deliver, type DeliverDeps } from './deliver';
import { notifierMetrics } from './metrics';
import { STANDARD_RETRY_SCHEDULE, type RetrySchedule } from './retrySchedule';
import { startSweeping } from './sweep';

/**
 * A killed notifier's jobs are locked until the lock expires, then the stalled-job check hands them to
 * another worker: short enough that a crash delays deliveries by seconds; the lock is renewed every half
 * of it while an attempt (up to 15 s) runs.
 */
const LOCK_DURATION_MS = 10_000;
const STALLED_INTERVAL_MS = 5_000;

export interface NotifierOptions {
  /** Default: the Standard Webhooks schedule. Tests shorten it. */
  schedule?: RetrySchedule;
  /** Default: the system resolver. Tests pass a fake one. */
  resolve?: Resolver;
  now?: () => Date;
}

/** The notifier: one BullMQ job per delivery attempt, signed and POSTed; plus the durability sweep. */
export async function startNotifier(ctx: ServiceContext, opts: NotifierOptions = {}): Promise<RunningService> {
  const { config, logger, store, producers } = ctx;
  const now = opts.now ?? (() => new Date());
  const dispatcher = createWebhookDispatcher({ allowPrivate: config.WEBHOOK_ALLOW_PRIVATE, resolve: opts.resolve });
  const deps: DeliverDeps = {
    store,
    producers,
    dispatcher,
    schedule: opts.schedule ?? STANDARD_RETRY_SCHEDULE,
    metrics: notifierMetrics(ctx.registry),
    logger,
    now,
  };
  const connection = redisConnection(ctx.redisUrl, 'worker');
  const worker = new Worker(
    QUEUES.webhooks,
    async (job: Job) => {
      const parsed = webhookJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad webhook job: ${parsed.error.message}`);
      return deliver(deps, parsed.data);
    },
    {
      connection,
      prefix: ctx.queuePrefix,
      concurrency: config.NOTIFIER_CONCURRENCY,
      lockDuration: LOCK_DURATION_MS,
      stalledInterval: STALLED_INTERVAL_MS,
    },
  );
  worker.on('failed', (job, err) => logger.warn({ jobId: job?.id, err }, 'webhook job failed; the sweep will re-queue it'));
  worker.on('error', (err) => logger.error({ err }, 'notifier worker error'));
  const sweeping = startSweeping({ store, producers, logger, now }, config.SWEEP_EVERY_SECONDS * 1000);
  if (config.WEBHOOK_ALLOW_PRIVATE) logger.warn('WEBHOOK_ALLOW_PRIVATE=true: webhooks may reach loopback and private addresses');
  logger.info({ concurrency: config.NOTIFIER_CONCURRENCY }, 'notifier started');

  return {
    async stop() {
      await sweeping.stop();
      await withDeadline(worker.close(), config.SHUTDOWN_TIMEOUT_MS);
      connection.disconnect();
      await withDeadline(dispatcher.close(), 1_000);
    },
  };
}
