import { Counter, Gauge, register as defaultRegistry, type Registry } from 'prom-client';

export type PollResult = 'ok' | 'not_modified' | 'error';

export interface FeedMetrics {
  polled(feedId: string, result: PollResult): void;
  succeeded(feedId: string, at: Date): void;
  stale(feedId: string, stale: boolean): void;
}

function metric<T>(registry: Registry, name: string, make: () => T): T {
  // One registry may host several pollers (tests, all-in-one): reuse what is there.
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Prometheus metrics of the poller, on the registry given (default: prom-client's global one). */
export function createFeedMetrics(registry: Registry = defaultRegistry): FeedMetrics {
  const registers = [registry];
  const lastSuccess = metric(
    registry,
    'feeds_last_success_timestamp_seconds',
    () =>
      new Gauge({
        name: 'feeds_last_success_timestamp_seconds',
        help: 'Unix time of the last successful poll (document or 304) per feed',
        labelNames: ['feed'],
        registers,
      }),
  );
  const polls = metric(
    registry,
    'feeds_poll_total',
    () =>
      new Counter({
        name: 'feeds_poll_total',
        help: 'Feed polls by result (ok, not_modified, error)',
        labelNames: ['feed', 'result'],
        registers,
      }),
  );
  const stale = metric(
    registry,
    'feeds_stale',
    () =>
      new Gauge({
        name: 'feeds_stale',
        help: '1 when a feed had no successful poll for 3 schedule intervals or 24 h',
        labelNames: ['feed'],
        registers,
      }),
  );
  return {
    polled: (feed, result) => polls.inc({ feed, result }),
    succeeded: (feed, at) => lastSuccess.set({ feed }, at.getTime() / 1000),
    stale: (feed, isStale) => stale.set({ feed }, isStale ? 1 : 0),
  };
}
