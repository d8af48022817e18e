import type { RequestHandler } from 'express';
import { Gauge, Histogram, type Metric, type Registry } from 'prom-client';
import type { Producers } from '@minerisk/shared/runtime/producers';
import type { Store } from '@minerisk/shared/store/port';
import { queueCounts } from './queueCounts';
import { scoringLagSeconds } from './scoringLag';
import { STALE_COUNT_LIMIT, staleSubjectCount } from './staleSubjects';

/** One registry may serve several services in one process (`npm start`): reuse a metric already registered. */
function once<T extends Metric>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** `http_request_duration_seconds{route,method,status}`: route is the Express route pattern, never the raw URL. */
export function httpMetrics(registry: Registry): RequestHandler {
  const histogram = once(
    registry,
    'http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request duration by route pattern, method and status',
        labelNames: ['route', 'method', 'status'] as const,
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
        registers: [registry],
      }),
  );
  return (req, res, next) => {
    const end = histogram.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      end({ route: typeof route === 'string' ? route : 'unmatched', method: req.method, status: String(res.statusCode) });
    });
    next();
  };
}

/** Queue depths, scoring lag and subjects awaiting a recompute, measured when Prometheus scrapes (not on every request). */
export function registerPipelineMetrics(
  registry: Registry,
  deps: { producers: Pick<Producers, 'queue'>; store: Store; now?: () => Date },
): void {
  once(
    registry,
    'queue_jobs',
    () =>
      new Gauge({
        name: 'queue_jobs',
        help: 'Jobs per queue and state',
        labelNames: ['queue', 'state'] as const,
        registers: [registry],
        async collect() {
          this.reset();
          // Redis down: the gauge stays empty for this scrape rather than failing every other metric.
          const counts = await queueCounts(deps.producers).catch(() => []);
          for (const q of counts) {
            for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed'] as const)
              this.set({ queue: q.name, state }, q[state]);
          }
        },
      }),
  );
  once(
    registry,
    'scoring_lag_seconds',
    () =>
      new Gauge({
        name: 'scoring_lag_seconds',
        help: 'Age of the oldest accepted event not yet applied by the scoring worker (0: none waiting)',
        registers: [registry],
        async collect() {
          const lag = await scoringLagSeconds(deps.store, deps.now ? deps.now() : new Date()).catch(() => null);
          if (lag !== null) this.set(lag);
        },
      }),
  );
  once(
    registry,
    'scoring_stale_subjects',
    () =>
      new Gauge({
        name: 'scoring_stale_subjects',
        help: `Sites and routes changed by events and waiting for their recompute round (counted up to ${STALE_COUNT_LIMIT})`,
        registers: [registry],
        async collect() {
          const stale = await staleSubjectCount(deps.store).catch(() => null);
          if (stale !== null) this.set(stale);
        },
      }),
  );
}
