import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Config } from '@minerisk/shared/runtime/config';
import type { Logger } from '@minerisk/shared/runtime/logger';
import type { SubjectChange } from '@minerisk/shared/contracts/queues';
import type { Producers } from '@minerisk/shared/runtime/producers';
import type { Store } from '@minerisk/shared/store/port';

/** Everything the API is built from; main.ts (or a test harness) wires it. */
export interface ApiDeps {
  config: Config;
  store: Store;
  logger: Logger;
  /** General ioredis client: rate limits and readiness. */
  redis: Redis;
  producers: Producers;
  /** Announces a created, changed or deleted site/route to every running scoring worker. */
  publishSubjectChange(c: SubjectChange): Promise<void>;
  registry: Registry;
  /**
   * The Prometheus text of GET /metrics. Default: the registry's. `npm start` adds the metrics of the
   * services it runs in worker threads.
   */
  renderMetrics?: () => Promise<string>;
  /** The ingest service's status list of polled feeds (GET /v1/ops/feeds). */
  feedStatus(): Promise<unknown[]>;
  /** Clock, for tests. Default: the system clock. */
  now?: () => Date;
}

export function clock(deps: Pick<ApiDeps, 'now'>): Date {
  return deps.now ? deps.now() : new Date();
}
