import { Counter, type Registry } from 'prom-client';

export interface ScoringMetrics {
  /** Event jobs whose event the store did not return: failed (and retried), never completed. */
  eventsMissing: Counter;
  /** Failed jobs of the scoring worker's queues; `retried`: whether BullMQ will try the job again. */
  jobsFailed: Counter<'queue' | 'retried'>;
}

/** Registered once per registry (the all-in-one process and tests may start the worker more than once). */
export function scoringMetrics(registry: Registry): ScoringMetrics {
  const eventsMissing =
    (registry.getSingleMetric('scoring_events_missing_total') as Counter | undefined) ??
    new Counter({
      name: 'scoring_events_missing_total',
      help: 'Event jobs whose event the store did not return (failed and retried with backoff)',
      registers: [registry],
    });
  const jobsFailed =
    (registry.getSingleMetric('scoring_jobs_failed_total') as Counter<'queue' | 'retried'> | undefined) ??
    new Counter({
      name: 'scoring_jobs_failed_total',
      help: 'Failed jobs of the scoring worker by queue, and whether they will be retried',
      labelNames: ['queue', 'retried'],
      registers: [registry],
    });
  return { eventsMissing, jobsFailed };
}
