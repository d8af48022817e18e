import express from 'express';
import helmet from 'helmet';
import { authenticate } from './auth/authenticate';
import { failedAuthLimit } from './auth/failedAuthLimit';
import { KeyCache } from './auth/keyCache';
import { ClosureIndexCache } from './supply/whatIf';
import type { ApiDeps } from './deps';
import { accessLog } from './http/accessLog';
import { endpointHandlers, type ApiRuntime } from './http/endpoint';
import { notFoundHandler, problemErrorHandler } from './http/errorHandler';
import { rateLimitPerKey } from './http/rateLimit';
import { httpMetrics, registerPipelineMetrics } from './ops/metrics';
import { mountHealth } from './endpoints/health';
import { V1_ENDPOINTS } from './endpoints';
import { mountMetrics } from './endpoints/metrics';
import { mountOpenApi } from './endpoints/openapi';
import { offLoopReads, type OffLoopReads } from './scores/offLoopReads';
import { mountWeb } from './web/mountWeb';

/**
 * The HTTP API of docs/api.md on Express 5. Order matters: request id and access log, metrics, security
 * headers; the open operations endpoints; then under /v1 the key (401) and the rate limit (429) before
 * anything else (and before those, a per-address limit on failed authentications), each endpoint's role check (403), input checks (400/413/415) and handler; then 404 and
 * the problem+json error handler.
 */
export function createApp(deps: ApiDeps, reads: OffLoopReads = offLoopReads(deps)): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'weak');
  const runtime: ApiRuntime = {
    ...deps,
    keyCache: new KeyCache(),
    closureIndexes: new ClosureIndexCache(),
    offLoopReads: reads,
  };

  app.use(accessLog(deps.logger));
  app.use(httpMetrics(deps.registry));
  registerPipelineMetrics(deps.registry, deps);
  // Plain-http installs (on-premises, localhost) must still load /docs assets: no upgrade-insecure-requests.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));

  mountHealth(app, deps);
  mountMetrics(app, deps.registry, deps.renderMetrics);
  mountOpenApi(app, V1_ENDPOINTS);
  mountWeb(app);

  const authFailures = failedAuthLimit({ failuresPerMinute: deps.config.AUTH_FAILURES_PER_MINUTE });
  app.use(
    '/v1',
    authFailures.check,
    authenticate(deps.store, runtime.keyCache, authFailures.failed),
    rateLimitPerKey(deps.redis, {
      pointsPerMinute: deps.config.RATE_LIMIT_PER_MINUTE,
      keyPrefix: `${deps.config.QUEUE_PREFIX}:ratelimit`,
      logger: deps.logger,
    }),
  );
  for (const e of V1_ENDPOINTS) app[e.method](e.path, ...endpointHandlers(e, runtime));

  app.use(notFoundHandler);
  app.use(problemErrorHandler(deps.logger));
  return app;
}
