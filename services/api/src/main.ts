import { runService } from '@minerisk/shared/runtime/context';
import { apiDepsFrom } from './wiring';
import { bootstrapKeys } from './auth/bootstrap';
import { startApi } from './service';

void runService('api', async (ctx) => {
  const deps = await apiDepsFrom(ctx);
  await bootstrapKeys(deps);
  const api = await startApi(deps, ctx.config.PORT);
  return { stop: () => api.stop() };
});
