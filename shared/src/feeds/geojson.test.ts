import type { NormalizedEventInput } from '../domain';
import { eventsToFeatureCollection, geojsonEventsParser } from './geojson';
import { parseFeed } from './index';
import { eventsOf, fixture } from '../testing/feeds/fixtures';

const attack: NormalizedEventInput = {
  source: 'demo',
  sourceEventId: 'convoy-1',
  version: 1,
  title: 'Fuel convoy attacked on RN1',
  category: 'attack',
  subcategory: 'road-attack',
  targets: ['fuel', 'transport'],
  severity01: 0.9,
  fatalities: 3,
  geometry: { type: 'Point', coordinates: [-9.187, 14.542] },
  observedAt: '2025-09-03T08:00:00Z',
};

describe('geojson parser', () => {
  it('reads a FeatureCollection of normalized events, geometry from the feature', () => {
    const [e] = eventsOf(geojsonEventsParser(JSON.stringify(eventsToFeatureCollection([attack]))));
    expect(e).toMatchObject({ ...attack, targets: ['fuel', 'transport'], certainty01: 1, status: 'active', countryCodes: [] });
  });

  it('round-trips parsed events: the demo can replay any feed as geojson', () => {
    const acled = eventsOf(parseFeed('acled', fixture('acled/synthetic-west-africa.csv')));
    expect(eventsOf(geojsonEventsParser(JSON.stringify(eventsToFeatureCollection(acled))))).toEqual(acled);
  });

  it('defaults source, sourceEventId (the feature id) and version (observedAt) for hand-written files', () => {
    const doc = geojsonEventsParser(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            id: 'blockade-bamako',
            geometry: null,
            properties: {
              title: 'Fuel blockade of Bamako',
              category: 'blockade',
              countryCodes: ['ML'],
              observedAt: '2025-09-16T00:00:00Z',
              persistence: 'state',
            },
          },
        ],
      }),
    );
    expect(eventsOf(doc)[0]).toMatchObject({
      source: 'geojson',
      sourceEventId: 'blockade-bamako',
      version: Date.UTC(2025, 8, 16),
      geometry: null,
    });
  });

  it('rejects a bad feature alone, naming the field', () => {
    const fc = eventsToFeatureCollection([attack, { ...attack, sourceEventId: 'x2' }, { ...attack, sourceEventId: 'x3' }]);
    (fc.features[1]!.properties as Record<string, unknown>)['category'] = 'alien-invasion';
    (fc.features[2]!.properties as Record<string, unknown>)['severity'] = 0.5;
    const doc = geojsonEventsParser(JSON.stringify(fc));
    expect(doc.items.map((i) => i.kind)).toEqual(['event', 'rejected', 'rejected']);
    expect(doc.items[1]).toMatchObject({ error: expect.stringContaining('category') });
    expect(doc.items[2]).toMatchObject({ error: expect.stringContaining('properties.severity') });
  });

  it('refuses anything but a FeatureCollection (422) and broken JSON (400, with line and column)', () => {
    expect(() => geojsonEventsParser('{"type":"Feature"}')).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => geojsonEventsParser('{\n  "type": "FeatureCollection",\n  "features": [,]\n}')).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringMatching(/line 3, column \d+/) }),
    );
  });
});
