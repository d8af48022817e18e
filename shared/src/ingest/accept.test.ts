import type { NormalizedEvent } from '../domain';
import type { ParsedDocument } from '../feeds/types';
import { openSqliteStore } from '../store/sqlite';
import { T0, anEvent, unprocessedEventCount } from '../testing/store/builders';
import { acceptDocument } from './accept';

function documentOf(n: number): ParsedDocument {
  return {
    format: 'geojson',
    items: Array.from({ length: n }, (_, i) => {
      const { id: _id, tenantId: _t, knownAt: _k, ...event } = anEvent({ sourceEventId: `doc-${i}` });
      return { index: i, kind: 'event' as const, event: event as NormalizedEvent };
    }),
  };
}

describe('acceptDocument', () => {
  it('stores a large document in several transactions, and a failure part way loses nothing once it is sent again', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const accept = store.events.accept.bind(store.events);
    let calls = 0;
    // The store fails on the third transaction of the first attempt.
    store.events.accept = async (batch) => {
      calls++;
      if (calls === 3) throw new Error('disk I/O error');
      return accept(batch);
    };
    const queued: string[] = [];
    const deps = { store, enqueueEvents: async (ids: string[]) => void queued.push(...ids), now: () => new Date(T0) };
    const doc = documentOf(600);

    await expect(acceptDocument(deps, null, doc)).rejects.toThrow('disk I/O error');
    // Two chunks stored, none queued: the sweep would queue them; sending again completes the document.
    expect(await unprocessedEventCount(store)).toBe(500);
    expect(queued).toEqual([]);

    const again = await acceptDocument(deps, null, doc);
    expect(again).toMatchObject({ accepted: 100, duplicates: 500 });
    expect(await unprocessedEventCount(store)).toBe(600);
    expect(new Set(queued).size).toBe(100);
    await store.close();
  });
});
