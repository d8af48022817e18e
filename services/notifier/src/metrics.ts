import { Counter, Histogram, type Registry } from 'prom-client';

export interface NotifierMetrics {
  /** `result`: delivered, retrying, failed (dead letter or subscription gone), disabled (410 or 5 days failing). */
  deliveries: Counter<'result'>;
  /** One observation per HTTP attempt, whatever its outcome. */
  duration: Histogram;
}

/** Registered once per registry (the all-in-one process and tests may start the notifier more than once). */
export function notifierMetrics(registry: Registry): NotifierMetrics {
  const deliveries =
    (registry.getSingleMetric('webhook_deliveries_total') as Counter<'result'> | undefined) ??
    new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook delivery attempts by result',
      labelNames: ['result'],
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric('webhook_delivery_duration_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'webhook_delivery_duration_seconds',
      help: 'Time from sending a webhook to its response (or error)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
      registers: [registry],
    });
  return { deliveries, duration };
}
