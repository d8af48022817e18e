import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/**
 * The services `npm start` runs in worker threads, each on its own event loop: the scoring worker, whose
 * rounds are CPU-bound for seconds at 100,000 sites. The notifier and the poller wait on the network and
 * stay on the main thread: a thread costs 60–95 MB of RSS (its own V8 heap and module copies, measured
 * with `npm start` idle: 175 MB in one thread, 269 MB with scoring in its own, 351–411 MB with all three).
 */
export const THREADED_SERVICES = ['scoring'] as const;
export type ThreadedService = (typeof THREADED_SERVICES)[number];

export interface ThreadData {
  service: ThreadedService;
  /** The Redis the main thread resolved (a private redis-server is started once, by the main thread). */
  redisUrl: string;
}

export type ToThread = { type: 'stop' } | { type: 'metrics'; id: number };
export type FromThread =
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'failed'; message: string }
  | { type: 'metrics'; id: number; metrics: MetricObjectWithValues<MetricValue<string>>[] };
