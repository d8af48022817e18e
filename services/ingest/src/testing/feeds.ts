import {
  feedDefinitionSchema,
  resolveFeeds,
  type FeedDefinition,
  type FeedDefinitionInput,
} from '@minerisk/shared/feedPolling/feedsConfig';

/** A feed definition as loading infra/feeds.yaml would give it, with overrides. */
export function aFeed(
  overrides: Partial<FeedDefinitionInput> & Pick<FeedDefinitionInput, 'url'>,
  env: Record<string, string> = {},
): FeedDefinition {
  const declared = feedDefinitionSchema.parse({ id: 'usgs-test', format: 'usgs', schedule: '*/10 * * * *', ...overrides });
  return resolveFeeds([declared], env)[0]!;
}
