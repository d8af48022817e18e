import type { Express } from 'express';
import type { ApiDeps } from '../deps';
import { problem, sendProblem } from '../http/problem';

/** How long a readiness check may take before it counts as failed. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** docs/api.md "Operations": `/healthz` (the process is up) and `/readyz` (store and Redis answer); no key needed. */
export function mountHealth(app: Express, deps: Pick<ApiDeps, 'store' | 'redis' | 'logger'>): void {
  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [store, redis] = await Promise.allSettled([
      within(deps.store.ping(), READY_CHECK_TIMEOUT_MS),
      within(deps.redis.ping(), READY_CHECK_TIMEOUT_MS),
    ]);
    const checks = {
      store: store.status === 'fulfilled' ? 'ok' : 'failed',
      redis: redis.status === 'fulfilled' ? 'ok' : 'failed',
    };
    if (store.status === 'fulfilled' && redis.status === 'fulfilled') {
      res.set('Cache-Control', 'no-store').json({ status: 'ready', checks });
      return;
    }
    deps.logger.warn({ checks }, 'not ready');
    sendProblem(
      res,
      problem(
        503,
        'unavailable',
        `Not ready: ${Object.entries(checks)
          .filter(([, v]) => v !== 'ok')
          .map(([k]) => k)
          .join(', ')} did not answer.`,
        { checks },
      ),
    );
  });
}
