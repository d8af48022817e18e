import type { ServiceContext } from '@minerisk/shared/runtime/context';
import type { ApiDeps } from './deps';
import { listFeedStatus } from '@minerisk/shared/feedPolling/feedStatus';
import { loadFeedsConfig } from '@minerisk/shared/feedPolling/feedsConfig';

/**
 * The API's dependencies from a service context: subject changes are published on the channel the scoring
 * workers listen to; feed status joins the declared feeds (infra/feeds.yaml) with the poller's stored state.
 */
export async function apiDepsFrom(ctx: ServiceContext): Promise<ApiDeps> {
  const feeds = loadFeedsConfig(ctx.config.FEEDS_CONFIG);
  return {
    config: ctx.config,
    store: ctx.store,
    logger: ctx.logger,
    redis: ctx.redis,
    producers: ctx.producers,
    registry: ctx.registry,
    async publishSubjectChange(change) {
      await ctx.redis.publish(ctx.subjectChangesChannel, JSON.stringify(change));
    },
    feedStatus: () => listFeedStatus(ctx.store, feeds, new Date()),
  };
}
