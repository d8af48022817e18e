import cron, { type ScheduledTask } from 'node-cron';
import type { Registry } from 'prom-client';
import type { Config } from '@minerisk/shared/runtime/config';
import type { EnqueueEvents } from '@minerisk/shared/ingest/accept';
import type { Logger } from '@minerisk/shared/runtime/logger';
import type { Store } from '@minerisk/shared/store/port';
import { DEFAULT_FEEDS_CONFIG, loadFeedsConfig, type FeedDefinition } from '@minerisk/shared/feedPolling/feedsConfig';
import { createPoller, type Poller } from './poller';

export interface IngestDeps {
  config: Pick<Config, 'FEEDS_CONFIG' | 'FEEDS_POLL'>;
  store: Store;
  enqueueEvents: EnqueueEvents;
  logger: Logger;
  /** Where the feed metrics go. Default: prom-client's global registry. */
  registry?: Registry;
  /** Default: the global fetch. */
  fetchImpl?: typeof fetch;
  /** Default: process.env (for the credentials the feed file names). */
  env?: Record<string, string | undefined>;
}

export interface RunningIngest {
  feeds: FeedDefinition[];
  poller: Poller;
  /** Stops the schedules, then waits for the polls in flight. */
  stop(): Promise<void>;
}

/** How often the stale alarm is re-evaluated between polls. */
const STALE_CHECK_SCHEDULE = '* * * * *';

/**
 * The ingest service: loads the feed file, and (unless FEEDS_POLL=false) polls each enabled feed on its
 * cron schedule with node-cron 4 — tasks are created stopped and started here; each feed is also polled
 * once at start if it is due (node-cron 4 has no runOnInit).
 */
export async function startIngest(deps: IngestDeps): Promise<RunningIngest> {
  const file = deps.config.FEEDS_CONFIG ?? DEFAULT_FEEDS_CONFIG;
  const feeds = loadFeedsConfig(file, deps.env);
  const log = deps.logger;
  const poller = createPoller(
    { store: deps.store, enqueueEvents: deps.enqueueEvents, logger: log, registry: deps.registry, fetchImpl: deps.fetchImpl },
    feeds,
  );
  await poller.refreshMetrics();
  const enabled = feeds.filter((f) => f.enabled);
  for (const f of enabled)
    if (f.missingCredentials.length > 0)
      log.warn({ feed: f.id, missing: f.missingCredentials }, 'feed credentials are not set: its polls will fail');

  const tasks: ScheduledTask[] = [];
  if (deps.config.FEEDS_POLL) {
    for (const feed of enabled) {
      tasks.push(
        cron.createTask(feed.schedule, async () => void (await poller.tick(feed.id)), {
          name: `feed:${feed.id}`,
          noOverlap: true,
        }),
      );
    }
    tasks.push(
      cron.createTask(STALE_CHECK_SCHEDULE, () => poller.refreshMetrics(), { name: 'feeds:stale-check', noOverlap: true }),
    );
    for (const t of tasks) await t.start();
    for (const feed of enabled) void poller.tick(feed.id);
    log.info({ file, feeds: enabled.map((f) => ({ id: f.id, schedule: f.schedule })) }, 'feed polling started');
  } else {
    log.info({ file, feeds: feeds.length }, 'feed polling is off (FEEDS_POLL=false)');
  }

  return {
    feeds,
    poller,
    async stop() {
      for (const t of tasks) await t.destroy();
      await poller.idle();
    },
  };
}
