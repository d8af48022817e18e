import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/** The services `npm start` runs in worker threads of its own, each on its own event loop. */
export const THREADED_SERVICES = ['scoring', 'notifier', 'ingest'] as const;
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
