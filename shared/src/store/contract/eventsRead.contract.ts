import { anEvent, hoursAfterT0 } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';
import { allPages } from './pages';

export function eventsReadContract(store: CurrentStore): void {
  describe('events reads', () => {
    it('shows a tenant global events and its own, never another tenant’s', async () => {
      const [global, mine, theirs] = [anEvent(), anEvent({ tenantId: 'acme' }), anEvent({ tenantId: 'other' })];
      await store().events.accept([global, mine, theirs]);
      expect(await store().events.get('acme', global.id)).toMatchObject({ id: global.id, tenantId: null });
      expect(await store().events.get('acme', mine.id)).toMatchObject({ id: mine.id, tenantId: 'acme' });
      expect(await store().events.get('acme', theirs.id)).toBeNull();
      expect(await store().events.getById(theirs.id)).toMatchObject({ id: theirs.id });
    });

    it('gets many by id in the order asked, leaving out unknown ids', async () => {
      const [a, b] = [anEvent(), anEvent()];
      await store().events.accept([a, b]);
      const got = await store().events.getMany([b.id, 'evt_missing', a.id]);
      expect(got.map((e) => e.id)).toEqual([b.id, a.id]);
      expect(await store().events.getMany([])).toEqual([]);
    });

    it('lists every version of one identity, oldest first, within its tenant scope only', async () => {
      const v2 = anEvent({
        source: 'cap',
        sourceEventId: 'x/1',
        version: 2,
        status: 'cancelled',
        geometry: null,
        countryCodes: [],
      });
      const v1 = anEvent({ source: 'cap', sourceEventId: 'x/1', version: 1 });
      const otherScope = anEvent({ tenantId: 'acme', source: 'cap', sourceEventId: 'x/1', version: 1 });
      const otherId = anEvent({ source: 'cap', sourceEventId: 'x/2', version: 1 });
      await store().events.accept([v2, v1, otherScope, otherId]);
      const got = await store().events.versionsOf([{ tenantId: null, source: 'cap', sourceEventId: 'x/1' }]);
      expect(got.map((e) => e.id)).toEqual([v1.id, v2.id]);
      const scoped = await store().events.versionsOf([{ tenantId: 'acme', source: 'cap', sourceEventId: 'x/1' }]);
      expect(scoped.map((e) => e.id)).toEqual([otherScope.id]);
      // Several identities in one call: each identity's versions together, in the order asked, oldest first.
      const many = await store().events.versionsOf([
        { tenantId: null, source: 'cap', sourceEventId: 'x/2' },
        { tenantId: 'acme', source: 'cap', sourceEventId: 'x/1' },
        { tenantId: null, source: 'cap', sourceEventId: 'x/1' },
        { tenantId: null, source: 'cap', sourceEventId: 'unknown' },
      ]);
      expect(many.map((e) => e.id)).toEqual([otherId.id, otherScope.id, v1.id, v2.id]);
      expect(await store().events.versionsOf([])).toEqual([]);
    });

    it('queries newest first by knownAt over several pages, visible events only', async () => {
      const visible = Array.from({ length: 5 }, (_, i) => anEvent({ knownAt: hoursAfterT0(i), tenantId: i % 2 ? 'acme' : null }));
      await store().events.accept([...visible, anEvent({ tenantId: 'other', knownAt: hoursAfterT0(9) })]);
      const { items, sizes } = await allPages((page) => store().events.query('acme', {}, page), 2);
      expect(sizes).toEqual([2, 2, 1]);
      expect(items.map((e) => e.id)).toEqual(visible.map((e) => e.id).reverse());
    });

    it('pages stably through events known at the same instant', async () => {
      const batch = Array.from({ length: 5 }, () => anEvent());
      await store().events.accept(batch);
      const { items } = await allPages((page) => store().events.query('acme', {}, page), 2);
      expect(items.map((e) => e.id).sort()).toEqual(batch.map((e) => e.id).sort());
    });

    it('filters by distance (box around the point), observedAt and category', async () => {
      const bamako = anEvent({ geometry: { type: 'Point', coordinates: [-8.0, 12.65] } });
      const kati = anEvent({
        geometry: { type: 'Point', coordinates: [-8.07, 12.74] },
        observedAt: hoursAfterT0(-100),
        category: 'natural-hazard/flood',
      });
      const timbuktu = anEvent({ geometry: { type: 'Point', coordinates: [-3.0, 16.77] } });
      const countryWide = anEvent({ geometry: null, countryCodes: ['ML'] });
      await store().events.accept([bamako, kati, timbuktu, countryWide]);
      const ids = async (q: Parameters<ReturnType<CurrentStore>['events']['query']>[1]) =>
        (await store().events.query('acme', q, { limit: 50 })).items.map((e) => e.id).sort();
      expect(await ids({ near: { lon: -8.0, lat: 12.65, radiusKm: 30 } })).toEqual([bamako.id, kati.id].sort());
      expect(await ids({ since: hoursAfterT0(-50) })).toEqual([bamako.id, timbuktu.id, countryWide.id].sort());
      expect(await ids({ category: 'natural-hazard' })).toEqual([kati.id]);
      expect(await ids({ category: 'natural-hazard/flood' })).toEqual([kati.id]);
      expect(await ids({ category: 'attack', near: { lon: -8.0, lat: 12.65, radiusKm: 30 } })).toEqual([bamako.id]);
    });

    it('finds events near a point across the antimeridian', async () => {
      const fiji = anEvent({ geometry: { type: 'Point', coordinates: [179.9, -17.8] }, countryCodes: ['FJ'] });
      const taveuni = anEvent({ geometry: { type: 'Point', coordinates: [-179.9, -16.8] }, countryCodes: ['FJ'] });
      await store().events.accept([fiji, taveuni, anEvent()]);
      const near = await store().events.query('acme', { near: { lon: 179.95, lat: -17.3, radiusKm: 120 } }, { limit: 10 });
      expect(near.items.map((e) => e.id).sort()).toEqual([fiji.id, taveuni.id].sort());
    });

    it('lists unprocessed events known before an instant until they are marked processed', async () => {
      const old = [
        anEvent({ knownAt: hoursAfterT0(-3) }),
        anEvent({ knownAt: hoursAfterT0(-2) }),
        anEvent({ knownAt: hoursAfterT0(-1) }),
      ];
      const fresh = anEvent({ knownAt: hoursAfterT0(1) });
      await store().events.accept([...old, fresh]);
      expect((await store().events.listUnprocessed(hoursAfterT0(0), 10)).map((e) => e.id)).toEqual(old.map((e) => e.id));
      expect(await store().events.listUnprocessed(hoursAfterT0(0), 2)).toHaveLength(2);
      await store().events.markProcessed([old[0]!.id, old[2]!.id], hoursAfterT0(5));
      expect((await store().events.listUnprocessed(hoursAfterT0(0), 10)).map((e) => e.id)).toEqual([old[1]!.id]);
      expect((await store().events.getById(old[0]!.id))?.processedAt).toBe(hoursAfterT0(5));
    });

    it('keeps the first processedAt when an event is marked twice', async () => {
      const e = anEvent();
      await store().events.accept([e]);
      await store().events.markProcessed([e.id], hoursAfterT0(1));
      await store().events.markProcessed([e.id], hoursAfterT0(2));
      expect((await store().events.getById(e.id))?.processedAt).toBe(hoursAfterT0(1));
    });
  });
}
