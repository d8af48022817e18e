import { gdacsParser } from './gdacs';
import { parseFeed } from './index';
import { eventsOf, fixture, fixtureFiles, itemsOfKind } from '../testing/feeds/fixtures';

const text = (file: string) => fixture(file).toString('utf8');

describe('gdacs parser', () => {
  it.each(fixtureFiles('gdacs'))('%s parses into events only', (file) => {
    const doc = parseFeed('gdacs', fixture(file));
    expect(doc.items.length).toBeGreaterThan(0);
    expect(doc.items.every((i) => i.kind === 'event')).toBe(true);
  });

  it('reads the RSS (byte-order mark, several namespaces): alert level → severity, point geometry', () => {
    expect(fixture('gdacs/gdacs-rss-7d-2019-12-30-trimmed.xml').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const events = new Map(
      eventsOf(parseFeed('gdacs', fixture('gdacs/gdacs-rss-7d-2019-12-30-trimmed.xml'))).map((e) => [e.sourceEventId, e]),
    );
    expect([...events.keys()]).toEqual(['DR1012728', 'DR1013282', 'EQ1200043', 'TC1000641', 'EQ1199929', 'VO284096']);
    expect(events.get('TC1000641')).toMatchObject({
      source: 'gdacs',
      category: 'natural-hazard/tropical-cyclone',
      severity01: 0.6, // Orange
      sourceMessageId: 'TC1000641/29',
      geometry: { type: 'Point', coordinates: [112.1, 14.6] },
      countryCodes: ['PH'],
      magnitude: null,
    });
    expect(events.get('EQ1199929')).toMatchObject({ severity01: 0.2, magnitude: 5.5, category: 'natural-hazard/earthquake' }); // Green
    expect(events.get('VO284096')?.category).toBe('natural-hazard/volcano');
    // A drought reports its extent (1,775,934 km²): its reach is the radius of a disc that size.
    expect(events.get('DR1012728')).toMatchObject({
      category: 'natural-hazard/drought',
      severity01: 0.6,
      locationUncertaintyKm: 751.9,
    });
    expect(events.get('DR1012728')?.countryCodes).toEqual(
      expect.arrayContaining(['AO', 'BW', 'LS', 'MZ', 'NA', 'ZA', 'ZM', 'ZW']),
    );
  });

  it('does not turn the RSS bbox (a map window, here crossing the antimeridian) into geometry', () => {
    const [first] = eventsOf(parseFeed('gdacs', fixture('gdacs/gdacs-rss-2024-12-10.xml')));
    expect(first).toMatchObject({
      sourceEventId: 'EQ1457082',
      geometry: { type: 'Point', coordinates: [-177.2133, 51.1125] },
      magnitude: 5.8,
    });
    expect(first?.version).toBe(Date.parse('2024-12-10T20:09:43Z')); // gdacs:datemodified
  });

  it('reads the GeoJSON event list', () => {
    const events = eventsOf(parseFeed('gdacs', fixture('gdacs/gdacs-api-events-2026-10-03-trimmed.geojson')));
    expect(events.map((e) => e.sourceEventId)).toEqual(['EQ1569302', 'TC1001329', 'EQ1569280', 'FL1104207', 'WF1032552']);
    expect(events[0]).toMatchObject({
      geometry: { type: 'Point', coordinates: [93.3991, 20.6061] },
      magnitude: 4.9,
      severity01: 0.2,
      countryCodes: ['MM'],
      // GDACS API times carry no zone: UTC.
      version: Date.UTC(2026, 9, 3, 18, 53, 3),
      observedAt: '2026-10-03T18:12:46.000Z',
      url: 'https://www.gdacs.org/report.aspx?eventid=1569302&episodeid=1737501&eventtype=EQ',
    });
    expect(events[4]?.category).toBe('natural-hazard/wildfire');
  });

  it('maps Red to full severity and ignores event types it does not know', () => {
    const rss = text('gdacs/gdacs-rss-2024-12-10.xml').replace(/^\uFEFF/, '');
    const red = gdacsParser(rss.replace('<gdacs:alertlevel>Green', '<gdacs:alertlevel>Red'));
    expect(eventsOf(red).map((e) => e.severity01)).toEqual([1, 0.2]);
    const unknown = gdacsParser(rss.split('<gdacs:eventtype>EQ</gdacs:eventtype>').join('<gdacs:eventtype>XX</gdacs:eventtype>'));
    expect(itemsOfKind(unknown, 'ignored')).toHaveLength(2);
  });

  it('refuses a USGS feed or a State Department RSS as the wrong format (422)', () => {
    expect(() => parseFeed('gdacs', fixture('state-dept/ta-rss-2026-09-25-trimmed.xml'))).toThrow(
      expect.objectContaining({ status: 422 }),
    );
    expect(() => parseFeed('gdacs', '[1,2]')).toThrow(expect.objectContaining({ status: 422 }));
  });
});
