import { parseFeed } from './index';
import { stateDeptParser } from './stateDept';
import { eventsOf, fixture, itemsOfKind } from '../testing/feeds/fixtures';

const rss = () => parseFeed('state-dept', fixture('state-dept/ta-rss-2026-09-25-trimmed.xml'));
const json = () => parseFeed('state-dept', fixture('state-dept/ta-json-api-2026-09-25-trimmed.json'));
const byCountry = (events: ReturnType<typeof eventsOf>) => new Map(events.map((e) => [e.sourceEventId, e]));

/** An advisory RSS feed of the given items (title, FIPS Country-Tag, pubDate). */
function anAdvisoryRss(items: { title: string; tag?: string; date?: string; level?: string }[]): string {
  const body = items
    .map(
      (
        i,
      ) => `<item><title>${i.title}</title><link>https://travel.state.gov/x.html</link><pubDate>${i.date ?? 'Tue, 02 Sep 2025'}</pubDate>
      ${i.level ? `<category domain="Threat-Level">${i.level}</category>` : ''}${i.tag ? `<category domain="Country-Tag">${i.tag}</category>` : ''}</item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel><title>Travel Advisories</title>${body}</channel></rss>`;
}

describe('state-dept parser', () => {
  it('reads the RSS: one country-state event per advisory, level from the Threat-Level category', () => {
    const events = byCountry(eventsOf(rss()));
    expect(events.get('AF')).toMatchObject({
      source: 'us-state-dept',
      category: 'travel-advisory',
      persistence: 'state',
      advisoryLevel: 4,
      severity01: 1,
      countryCodes: ['AF'],
      validTo: null,
      // "Fri, 20 Feb 2026" is a date without a time: midnight UTC, whatever the server's zone.
      version: Date.UTC(2026, 1, 20),
      observedAt: '2026-02-20T00:00:00.000Z',
    });
    expect(events.get('JP')).toMatchObject({ advisoryLevel: 1, severity01: 0.25 });
  });

  it('reads Country-Tags as FIPS 10-4, never as ISO', () => {
    const events = byCountry(eventsOf(rss()));
    expect(events.get('BS')?.title).toBe('The Bahamas - Level 2: Exercise Increased Caution'); // tag BF
    expect(events.get('CI')?.advisoryLevel).toBe(2); // tag IV
    expect(events.get('BM')?.title).toMatch(/^Bermuda/); // tag BD
    expect(events.get('MM')?.advisoryLevel).toBe(4); // tag BM (Burma)
    expect(events.get('CN')?.advisoryLevel).toBe(2); // tag CH
    expect(events.get('KN')?.advisoryLevel).toBe(1); // tag SC
    expect(events.has('BF')).toBe(false);
    expect(events.has('KP')).toBe(false);
  });

  it("gives Burkina Faso's level from a UV tag", () => {
    const doc = stateDeptParser(
      anAdvisoryRss([
        { title: 'Burkina Faso - Level 4: Do Not Travel', tag: 'UV', level: 'Level 4: Do Not Travel' },
        // A title naming no single country leaves the FIPS tag in charge.
        { title: 'Sahel region summary - Level 3: Reconsider Travel', tag: 'SG' },
        { title: 'West Africa summary - Level 3: Reconsider Travel', tag: 'GV' },
      ]),
    );
    const events = byCountry(eventsOf(doc));
    expect(events.get('BF')).toMatchObject({ advisoryLevel: 4, severity01: 1, countryCodes: ['BF'] });
    expect(events.get('SN')?.advisoryLevel).toBe(3);
    expect(events.get('GN')?.advisoryLevel).toBe(3);
  });

  it('reads the JSON API shape with the same identities and versions as the RSS', () => {
    const fromJson = byCountry(eventsOf(json()));
    const fromRss = byCountry(eventsOf(rss()));
    expect(fromJson.get('JP')?.version).toBe(fromRss.get('JP')?.version);
    expect(fromJson.get('CG')).toMatchObject({
      advisoryLevel: 2,
      title: 'Republic of the Congo - Level 2: Exercise Increased Caution',
    }); // tag CF
    expect(fromJson.get('CD')?.advisoryLevel).toBe(4); // tag CG
    expect(fromJson.get('CZ')?.advisoryLevel).toBe(1); // tag EZ
    expect(fromJson.get('GM')?.advisoryLevel).toBe(2); // tag GA
    expect(fromJson.get('DK')?.advisoryLevel).toBe(2); // tag DA
  });

  it('trusts a title that names the country over a wrong tag (Saint Kitts tagged KN, Gaza tagged IS)', () => {
    const events = byCountry(eventsOf(json()));
    expect(events.get('KN')?.title).toMatch(/^Saint Kitts and Nevis/);
    expect(events.has('KP')).toBe(false);
    expect(events.has('IL')).toBe(false);
    // The West Bank (3) and Gaza (4) are both PS: the stronger advisory stands, the other is ignored.
    expect(events.get('PS')).toMatchObject({ advisoryLevel: 4, title: 'Gaza - Level 4: Do Not Travel' });
    expect(itemsOfKind(json(), 'ignored')).toContainEqual({ index: 6, kind: 'ignored', reason: expect.stringContaining('PS') });
  });

  it('gives each territory of a grouped advisory its own event', () => {
    const fwi = eventsOf(json()).filter((e) => e.title.startsWith('French West Indies'));
    expect(fwi.map((e) => e.sourceEventId).sort()).toEqual(['BL', 'GP', 'MF', 'MQ']);
  });

  it('rejects an item without a level or a country, and only that item', () => {
    const doc = stateDeptParser(
      anAdvisoryRss([
        { title: 'Mali - Level 4: Do Not Travel', tag: 'ML' },
        { title: 'Mali - travel information', tag: 'ML' },
        { title: 'Atlantis - Level 2: Exercise Increased Caution' },
      ]),
    );
    expect(doc.items).toEqual([
      expect.objectContaining({ index: 0, kind: 'event' }),
      { index: 1, kind: 'rejected', error: expect.stringContaining('advisoryLevel') },
      { index: 2, kind: 'rejected', error: expect.stringContaining('countryCodes') },
    ]);
  });

  it('refuses another RSS feed and another JSON shape as the wrong format (422)', () => {
    expect(() => parseFeed('state-dept', fixture('gdacs/gdacs-rss-2024-12-10.xml'))).toThrow(
      expect.objectContaining({ status: 422 }),
    );
    expect(() => parseFeed('state-dept', '{"type":"FeatureCollection"}')).toThrow(expect.objectContaining({ status: 422 }));
  });
});
