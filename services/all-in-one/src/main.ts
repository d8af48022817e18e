/**
 * `npm start`: the API and every worker in one process, sharing one store file and one Redis. A
 * composition root, not a service: each service still runs alone (`npm run start:<name>`), which is what
 * docker-compose does. The scoring worker runs in a worker thread of its own, so a recompute round never
 * delays an API request; the API, the notifier and the feed poller share the main thread.
 */
import { runService } from '@minerisk/shared/runtime/context';
import { bootstrapKeys } from '../../api/src/auth/bootstrap';
import { startApi } from '../../api/src/service';
import { apiDepsFrom } from '../../api/src/wiring';
import { startIngest } from '../../ingest/src/service';
import { startNotifier } from '../../notifier/src/service';
import { startServiceThreads } from './serviceThreads';
import { scoringHeap, THREADED_SERVICES } from './threadProtocol';

void runService('minerisk', async (ctx) => {
  // The threads load and start while the API does: work accepted meanwhile waits in the store and queues.
  const limits = { scoring: { limits: scoringHeap(ctx.config.SCORING_HEAP_MB), setting: 'SCORING_HEAP_MB' } };
  const starting = startServiceThreads(THREADED_SERVICES, ctx.redisUrl, limits, ctx.logger, (service, reason) => {
    ctx.logger.fatal({ service, reason }, 'a service thread crashed; exiting so that the supervisor restarts us');
    process.exit(1);
  });
  starting.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const notifier = await startNotifier(ctx);
  const ingest = await startIngest({
    config: ctx.config,
    store: ctx.store,
    enqueueEvents: ctx.producers.enqueueEvents,
    logger: ctx.logger,
    registry: ctx.registry,
  });
  const deps = {
    ...(await apiDepsFrom(ctx)),
    renderMetrics: async () => (await starting).metrics(ctx.registry),
  };
  await bootstrapKeys(deps);
  const api = await startApi(deps, ctx.config.PORT);
  const threads = await starting.catch(async (err: unknown) => {
    await api.stop();
    throw err;
  });
  ctx.logger.info(
    { port: api.port, dataDir: ctx.config.DATA_DIR, store: ctx.store.kind, threads: THREADED_SERVICES },
    'minerisk is up: API, notifier and ingest on the main thread; scoring in a worker thread',
  );
  return {
    // Stop taking requests first, then the workers drain, each with the shared deadline.
    async stop() {
      await api.stop();
      await Promise.all([ingest.stop(), notifier.stop(), threads.stop(ctx.config.SHUTDOWN_TIMEOUT_MS)]);
    },
  };
});
