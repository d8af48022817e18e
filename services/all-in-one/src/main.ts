/**
 * `npm start`: the API and every worker in one process, sharing one store and one Redis. A composition
 * root, not a service: each service still runs alone (`npm run start:<name>`), which is what
 * docker-compose does.
 */
import { runService } from '@minerisk/shared/runtime/context';
import { bootstrapKeys } from '../../api/src/auth/bootstrap';
import { startApi } from '../../api/src/service';
import { apiDepsFrom } from '../../api/src/wiring';
import { startIngest } from '../../ingest/src/service';
import { startNotifier } from '../../notifier/src/service';
import { startScoring } from '../../scoring/src/service';

void runService('minerisk', async (ctx) => {
  const scoring = await startScoring(ctx);
  const notifier = await startNotifier(ctx);
  const ingest = await startIngest({
    config: ctx.config,
    store: ctx.store,
    enqueueEvents: ctx.producers.enqueueEvents,
    logger: ctx.logger,
    registry: ctx.registry,
  });
  const deps = await apiDepsFrom(ctx);
  await bootstrapKeys(deps);
  const api = await startApi(deps, ctx.config.PORT);
  ctx.logger.info(
    { port: api.port, dataDir: ctx.config.DATA_DIR, store: ctx.store.kind },
    'minerisk is up: API, ingest, scoring and notifier in one process',
  );
  return {
    // Stop taking requests first, then the workers drain, each with the shared deadline.
    async stop() {
      await api.stop();
      await Promise.all([ingest.stop(), scoring.stop(), notifier.stop()]);
    },
  };
});
