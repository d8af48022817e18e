import { parseFeed } from './index';
import { eventsOf, fixture, fixtureFiles, itemsOfKind } from '../testing/feeds/fixtures';
import { magnitudeSeverity, usgsParser } from './usgs';

const significant2023 = () =>
  JSON.parse(fixture('usgs/significant_month-2023-10-11.geojson').toString('utf8')) as { features: Record<string, unknown>[] };

describe('usgs parser', () => {
  it.each(fixtureFiles('usgs'))('%s parses without throwing', (file) => {
    const doc = parseFeed('usgs', fixture(file));
    expect(doc.items.length).toBeGreaterThan(0);
    expect(itemsOfKind(doc, 'rejected')).toEqual([]);
  });

  it('reads magnitude, PAGER alert, time and updated', () => {
    const herat = eventsOf(parseFeed('usgs', fixture('usgs/significant_month-2023-10-11.geojson')))[0]!;
    expect(herat).toMatchObject({
      source: 'usgs',
      sourceEventId: 'us6000len8',
      magnitude: 6.3,
      severity01: 1, // PAGER red
      category: 'natural-hazard/earthquake',
      geometry: { type: 'Point', coordinates: [62.0449, 34.5565] },
      observedAt: new Date(1696984916160).toISOString(),
      version: 1697054252893,
      url: 'https://earthquake.usgs.gov/earthquakes/eventpage/us6000len8',
    });
    // A remote M6.9 that PAGER rates green still weighs by its magnitude.
    const madang = eventsOf(parseFeed('usgs', fixture('usgs/significant_month-2023-10-11.geojson'))).find(
      (e) => e.sourceEventId === 'us6000ldqf',
    );
    expect(madang?.severity01).toBe(magnitudeSeverity(6.9));
    expect(magnitudeSeverity(6.9)).toBeGreaterThan(0.25);
  });

  it('merges on the ids list: every network id of one event maps to one identity', () => {
    const doc = significant2023();
    const townsend = doc.features.find((f) => f['id'] === 'uw61965081')!;
    // The same event as another network's preferred solution, updated later.
    const asUs = { ...townsend, id: 'us6000le56', properties: { ...(townsend['properties'] as object), updated: 1697060000000 } };
    const [a, b] = eventsOf(usgsParser(JSON.stringify({ type: 'FeatureCollection', features: [townsend, asUs] })));
    expect(a?.sourceEventId).toBe('at00s28p79'); // first of ",ew1696818070,at00s28p79,uw61965081,us6000le56," sorted
    expect(b?.sourceEventId).toBe(a?.sourceEventId);
    expect(a?.sourceMessageId).toBe('uw61965081');
    expect(b?.version).toBeGreaterThan(a!.version);
  });

  it('ignores quarry blasts and explosions: not natural hazards', () => {
    const doc = parseFeed('usgs', fixture('usgs/all_day-2016-11-03-trimmed.geojson'));
    expect(eventsOf(doc)).toHaveLength(5);
    expect(itemsOfKind(doc, 'ignored').map((i) => i.reason)).toEqual([
      expect.stringContaining('quarry blast'),
      expect.stringContaining('explosion'),
      expect.stringContaining('quarry blast'),
      expect.stringContaining('explosion'),
    ]);
    expect(eventsOf(doc).find((e) => e.sourceEventId === 'ci37517303')?.certainty01).toBe(0.8); // automatic
  });

  it('builds a title for the old API without one', () => {
    const first = eventsOf(parseFeed('usgs', fixture('usgs/significant_month-2013-07-26.geojson')))[0];
    expect(first).toMatchObject({ title: 'M 5.9 - 13km E of Chabu, China', sourceEventId: 'pt13202001', severity01: 0.75 });
  });

  it('cancels a deleted event and rejects a feature without a usable time, alone', () => {
    const [f] = significant2023().features;
    const deleted = { ...f, properties: { ...(f!['properties'] as object), status: 'deleted' } };
    const broken = { ...f, id: 'x1', properties: { ...(f!['properties'] as object), ids: null, time: 'yesterday' } };
    const doc = usgsParser(JSON.stringify({ type: 'FeatureCollection', features: [deleted, broken] }));
    expect(doc.items[0]).toMatchObject({ kind: 'event', event: { status: 'cancelled' } });
    expect(doc.items[1]).toEqual({ index: 1, kind: 'rejected', error: expect.stringContaining('time') });
  });

  it('refuses a GDACS event list as the wrong format (422)', () => {
    expect(() => parseFeed('usgs', fixture('gdacs/gdacs-api-events-2026-10-03-trimmed.geojson'))).toThrow(
      expect.objectContaining({ status: 422 }),
    );
  });
});
