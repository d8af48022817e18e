import { Schema, type Connection } from 'mongoose';
import type { FeedState } from '../../domain';
import type { FeedStateRepository } from '../port';
import { byId } from './filters';
import { fromDoc, PLAIN } from './mapping';

/** `_id` = feedId; a handful of documents, read whole. */
export const feedStateSchema = new Schema(
  {
    _id: String,
    format: { type: String, required: true },
    url: { type: String, required: true },
    etag: { type: String, default: null },
    // An HTTP-date echoed back in If-Modified-Since: kept as the server sent it.
    lastModified: { type: String, default: null },
    lastPollAt: { type: Date, default: null },
    lastSuccessAt: { type: Date, default: null },
    lastErrorAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    consecutiveFailures: { type: Number, required: true },
    items: { type: Number, required: true },
    acceptedTotal: { type: Number, required: true },
    nextPollAt: { type: Date, default: null },
  },
  PLAIN,
);

export function mongoFeeds(conn: Connection): FeedStateRepository {
  const Feeds = conn.model<unknown>('FeedState', feedStateSchema, 'feed_states');
  const toFeed = (doc: unknown) => fromDoc<FeedState>(doc, 'feedId');
  return {
    async get(feedId) {
      const doc = await Feeds.findOne(byId(feedId)).lean();
      return doc ? toFeed(doc) : null;
    },
    async put(state) {
      const { feedId, ...rest } = state;
      await Feeds.replaceOne(byId(feedId), { _id: feedId, ...rest }, { upsert: true, runValidators: true });
    },
    async list() {
      return (await Feeds.find({}).sort({ _id: 1 }).lean()).map(toFeed);
    },
  };
}
