import { unprocessedEventCount } from '../testing/store/builders';
import { acceptDocument } from '../ingest/accept';
import { openSqliteStore } from '../store/sqlite';
import { parseFeed } from './index';
import { allFixtures, fixture } from '../testing/feeds/fixtures';

describe('re-ingesting a fixture changes nothing', () => {
  it.each(allFixtures())('$file: the second time, every event is a duplicate and nothing is queued', async ({ format, file }) => {
    const store = openSqliteStore({ file: ':memory:' });
    const queued: string[] = [];
    const deps = { store, enqueueEvents: async (ids: string[]) => void queued.push(...ids) };
    try {
      const first = await acceptDocument(deps, null, parseFeed(format, fixture(file)));
      const storedAfterFirst = await unprocessedEventCount(store);
      const second = await acceptDocument(deps, null, parseFeed(format, fixture(file)));
      expect(second.accepted).toBe(0);
      expect(second.duplicates).toBe(first.accepted + first.duplicates);
      expect(second.eventIds).toEqual([]);
      expect(await unprocessedEventCount(store)).toBe(storedAfterFirst);
      expect(queued).toEqual(first.eventIds);
    } finally {
      await store.close();
    }
  });
});
