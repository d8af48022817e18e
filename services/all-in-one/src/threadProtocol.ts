import type { ResourceLimits } from 'node:worker_threads';
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

/** The scoring thread's semi-spaces in MiB (see scoringHeap). */
export const SCORING_SEMI_SPACE_MB = 64;

/**
 * The scoring thread's heap (docs/operations.md#memory). The old generation's limit is SCORING_HEAP_MB:
 * under 2,048 MiB V8 also collects at 1.3–2× the live heap instead of letting garbage reach 4× (at 100,000
 * sites, 418 MB live had grown to 1.7 GB before a full collection). A young generation of 192 MiB (two
 * 64 MiB semi-spaces and a large-object space of the same size; V8's default semi-space is 16 MiB) lets a
 * recompute chunk's garbage die young instead of being promoted and marked: the old-generation limit alone
 * made scoring 100,000 sites ~15–35 % slower, both together ~0–10 % faster than V8's defaults (one-off runs
 * listed in the commit that set them). docker-compose.yml gives the standalone worker the same as flags.
 */
export function scoringHeap(oldGenerationMb: number): ResourceLimits {
  return { maxOldGenerationSizeMb: oldGenerationMb, maxYoungGenerationSizeMb: 3 * SCORING_SEMI_SPACE_MB };
}
