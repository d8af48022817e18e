import type { NewEvent } from '../port';
import { anEvent, unprocessedEventCount } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';
import { expectStoreRefusal } from './rejects';

/** A row the store must refuse: a required field missing. */
function aBrokenEvent(): NewEvent {
  return { ...anEvent(), title: null as unknown as string };
}

export function eventsAcceptContract(store: CurrentStore): void {
  describe('events.accept', () => {
    it('inserts new events, unprocessed, stored exactly as given', async () => {
      const events = [anEvent(), anEvent({ tenantId: 'acme', geometry: null, countryCodes: ['ML', 'BF'] })];
      const outcomes = await store().events.accept(events);
      expect(outcomes).toEqual(events.map((e) => ({ outcome: 'inserted', id: e.id })));
      for (const e of events) expect(await store().events.getById(e.id)).toEqual({ ...e, processedAt: null });
      expect(await unprocessedEventCount(store())).toBe(2);
    });

    it('answers an exact repeat (same scope, source, sourceEventId, version) as a duplicate of the stored one', async () => {
      const first = anEvent();
      await store().events.accept([first]);
      const again = { ...first, id: 'evt_again', title: 'Same version again' };
      expect(await store().events.accept([again])).toEqual([{ outcome: 'duplicate', id: first.id }]);
      expect(await store().events.getById('evt_again')).toBeNull();
      expect(await unprocessedEventCount(store())).toBe(1);
    });

    it('stores another version of the same identity beside the first', async () => {
      const v1 = anEvent({ version: 1 });
      const v2 = anEvent({ sourceEventId: v1.sourceEventId, version: 2, status: 'updated' });
      await store().events.accept([v1]);
      expect(await store().events.accept([v2])).toEqual([{ outcome: 'inserted', id: v2.id }]);
      expect(await unprocessedEventCount(store())).toBe(2);
    });

    it('keeps tenant scopes apart: the same source id pushed by a tenant is not the global event', async () => {
      const global = anEvent();
      const pushed = anEvent({ sourceEventId: global.sourceEventId, tenantId: 'acme' });
      const otherTenant = anEvent({ sourceEventId: global.sourceEventId, tenantId: 'other' });
      const outcomes = await store().events.accept([global, pushed, otherTenant]);
      expect(outcomes.map((o) => o.outcome)).toEqual(['inserted', 'inserted', 'inserted']);
    });

    it('treats the second copy of one version within a batch as a duplicate of the first', async () => {
      const first = anEvent();
      const copy = { ...first, id: 'evt_copy' };
      expect(await store().events.accept([first, copy])).toEqual([
        { outcome: 'inserted', id: first.id },
        { outcome: 'duplicate', id: first.id },
      ]);
      expect(await unprocessedEventCount(store())).toBe(1);
    });

    it('stores nothing of a batch with a bad row', async () => {
      await expectStoreRefusal(store().events.accept([anEvent(), aBrokenEvent(), anEvent()]));
      expect(await unprocessedEventCount(store())).toBe(0);
    });

    it('accepts an empty batch', async () => {
      expect(await store().events.accept([])).toEqual([]);
    });

    it('stores a thousand events in one call', async () => {
      const batch = Array.from({ length: 1000 }, (_, i) =>
        anEvent({ geometry: { type: 'Point', coordinates: [-10 + i / 100, 12 + i / 200] } }),
      );
      const outcomes = await store().events.accept(batch);
      expect(outcomes.filter((o) => o.outcome === 'inserted')).toHaveLength(1000);
      expect(await unprocessedEventCount(store())).toBe(1000);
    });
  });
}
