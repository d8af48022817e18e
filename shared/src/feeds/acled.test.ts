import { acledParser } from './acled';
import { parseFeed } from './index';
import { eventsOf, fixture, itemsOfKind } from '../testing/feeds/fixtures';

const csvText = () => fixture('acled/synthetic-west-africa.csv').toString('utf8');
const header = () =>
  fixture('acled/export-header-only.csv')
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim();

describe('acled parser', () => {
  it('reads the synthetic CSV export: 16 West African events', () => {
    const events = eventsOf(parseFeed('acled', fixture('acled/synthetic-west-africa.csv')));
    expect(events).toHaveLength(16);
    expect(events[0]).toMatchObject({
      source: 'acled',
      sourceEventId: 'SYNMLI0001',
      category: 'armed-conflict',
      subcategory: 'armed-clash',
      fatalities: 6,
      countryCodes: ['ML'], // ISO numeric 466
      geometry: { type: 'Point', coordinates: [-9.187, 14.542] },
      locationUncertaintyKm: 2, // geo_precision 1
      observedAt: '2025-09-03T00:00:00.000Z',
      title: 'Armed clash (Battles) in Diema, Kayes, Mali',
      url: null,
    });
    // The event is versioned by ACLED's timestamp (seconds of its last change).
    expect(events[0]?.version).toBe(1757034000 * 1000);
  });

  it('gives the same events from the JSON export as from the CSV', () => {
    const fromCsv = eventsOf(parseFeed('acled', fixture('acled/synthetic-west-africa.csv')));
    const fromJson = eventsOf(parseFeed('acled', fixture('acled/synthetic-west-africa.json')));
    expect(fromJson).toEqual(fromCsv);
  });

  it('classifies types and targets for a supply chain', () => {
    const events = new Map(eventsOf(acledParser(csvText())).map((e) => [e.sourceEventId, e]));
    expect(events.get('SYNMLI0002')).toMatchObject({ category: 'attack', subcategory: 'attack-on-civilians', severity01: 0.8 });
    expect(events.get('SYNMLI0002')?.targets).toEqual(expect.arrayContaining(['civilians', 'fuel', 'transport']));
    expect(events.get('SYNMLI0003')).toMatchObject({ category: 'kidnapping', subcategory: 'abduction' });
    expect(events.get('SYNMLI0004')).toMatchObject({ category: 'attack', subcategory: 'ied', severity01: 0.9 });
    expect(events.get('SYNMLI0005')).toMatchObject({
      category: 'blockade',
      persistence: 'structural',
      locationUncertaintyKm: 75,
    });
    expect(events.get('SYNMLI0009')).toMatchObject({ category: 'unrest', subcategory: 'protest', severity01: 0.2 });
    expect(events.get('SYNMLI0010')?.targets).toContain('mining');
    expect(events.get('SYNBFA0001')).toMatchObject({
      subcategory: 'territory-seized',
      persistence: 'structural',
      countryCodes: ['BF'],
    });
    expect(events.get('SYNNER0002')).toMatchObject({
      category: 'armed-conflict',
      subcategory: 'territory-seized',
      countryCodes: ['NE'],
    });
    expect(events.get('SYNGIN0001')).toMatchObject({ category: 'unrest', subcategory: 'riot', countryCodes: ['GN'] });
  });

  it('never copies the notes (ACLED terms): no word of them reaches an event', () => {
    const events = eventsOf(acledParser(csvText()));
    const everything = JSON.stringify(events);
    expect(everything).not.toContain('SYNTHETIC');
    expect(everything).not.toMatch(/tanker|militants|abducted/i);
  });

  it('reads the header-only export as an empty document', () => {
    expect(parseFeed('acled', fixture('acled/export-header-only.csv')).items).toEqual([]);
  });

  it('rejects a bad row alone: wrong width, unknown event type, no coordinates', () => {
    const good = csvText().split('\n')[3]!;
    const cells = good.split(',');
    const doc = acledParser(
      [
        header(),
        good,
        'SYN1,2025-01-01,2025',
        good.replace('Battles,Armed clash', 'Parades,Big parade'),
        good.replace('14.542,-9.187', ','),
      ].join('\n'),
    );
    expect(cells.length).toBeGreaterThan(10);
    expect(doc.items.map((i) => i.kind)).toEqual(['event', 'rejected', 'rejected', 'rejected']);
    expect(itemsOfKind(doc, 'rejected').map((r) => r.error)).toEqual([
      expect.stringContaining('3 fields'),
      expect.stringContaining('event_type'),
      expect.stringContaining('latitude'),
    ]);
  });

  it('refuses a CSV that is not ACLED (422) and one that is not CSV (400, with the line)', () => {
    expect(() => acledParser('a,b,c\n1,2,3\n')).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => acledParser(`${header()}\n"SYN1,2025-01-01`)).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringMatching(/line \d+/) }),
    );
    expect(() => acledParser('{"data": 3}')).toThrow(expect.objectContaining({ status: 422 }));
  });
});
