export const FEED_FORMATS = ['cap', 'state-dept', 'gdacs', 'usgs', 'acled', 'geojson'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** The poller's memory of one polled feed. */
export interface FeedState {
  feedId: string;
  format: FeedFormat;
  url: string;
  etag: string | null;
  lastModified: string | null;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** Items in the last successful document. */
  items: number;
  /** New events accepted from this feed in total. */
  acceptedTotal: number;
  nextPollAt: string | null;
}

/** A feed never polled yet. */
export function newFeedState(feedId: string, format: FeedFormat, url: string): FeedState {
  return {
    feedId,
    format,
    url,
    etag: null,
    lastModified: null,
    lastPollAt: null,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    consecutiveFailures: 0,
    items: 0,
    acceptedTotal: 0,
    nextPollAt: null,
  };
}
