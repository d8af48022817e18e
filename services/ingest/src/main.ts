import { runService } from '@minerisk/shared/runtime/context';
import { startIngest } from './service';

void runService('ingest', (ctx) =>
  startIngest({
    config: ctx.config,
    store: ctx.store,
    enqueueEvents: ctx.producers.enqueueEvents,
    logger: ctx.logger,
    registry: ctx.registry,
  }),
);
