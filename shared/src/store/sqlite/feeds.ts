import type { FeedState } from '../../domain';
import type { FeedStateRepository } from '../port';
import type { Db } from './db';
import { defineTable } from './table';
import { writer } from './writer';

const feedStates = defineTable<FeedState>('feed_states', {
  feedId: 'text',
  format: 'text',
  url: 'text',
  etag: 'text',
  // An HTTP-date echoed back in If-Modified-Since: kept as the server sent it.
  lastModified: 'text',
  lastPollAt: 'time',
  lastSuccessAt: 'time',
  lastErrorAt: 'time',
  lastError: 'text',
  consecutiveFailures: 'num',
  items: 'num',
  acceptedTotal: 'num',
  nextPollAt: 'time',
});

export function sqliteFeeds(db: Db): FeedStateRepository {
  const byId = db.prepare('SELECT * FROM feed_states WHERE feed_id = ?');
  const put = db.prepare(`${feedStates.insertSql} ON CONFLICT (feed_id) DO UPDATE SET ${feedStates.assignments(['feed_id'])}`);
  const all = db.prepare('SELECT * FROM feed_states ORDER BY feed_id');
  const putRow = writer(db, (row: Record<string, unknown>) => void put.run(row));
  return {
    async get(feedId) {
      const row = byId.get(feedId);
      return row ? feedStates.fromRow(row) : null;
    },
    async put(state) {
      await putRow(feedStates.toRow(state));
    },
    async list() {
      return all.all().map(feedStates.fromRow);
    },
  };
}
