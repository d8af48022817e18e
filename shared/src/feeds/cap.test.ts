import { FeedError } from '../domain/errors';
import { capParser } from './cap';
import { parseFeed } from './index';
import { eventsOf, fixture, fixtureFiles, itemsOfKind, onlyEvent } from '../testing/feeds/fixtures';

const cap = (file: string) => parseFeed('cap', fixture(`cap/${file}`));

/** A minimal CAP 1.2 message with overridable parts, for cases no fixture has. */
function aCapMessage(
  o: { status?: string; msgType?: string; references?: string; infos?: string[]; identifier?: string; sent?: string } = {},
): string {
  const info = `<info><category>Security</category><event>Armed attack on convoy</event><urgency>Immediate</urgency>
    <severity>Extreme</severity><certainty>Observed</certainty><headline>Convoy attacked</headline>
    <area><areaDesc>RN1</areaDesc><polygon>14.5,-9.2 14.6,-9.1 14.4,-9.0 14.5,-9.2</polygon></area></info>`;
  return `<?xml version="1.0"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
    <identifier>${o.identifier ?? 'MR-1'}</identifier><sender>ops@example.org</sender><sent>${o.sent ?? '2025-09-03T10:00:00+00:00'}</sent>
    <status>${o.status ?? 'Actual'}</status><msgType>${o.msgType ?? 'Alert'}</msgType><scope>Public</scope>
    ${o.references ? `<references>${o.references}</references>` : ''}${(o.infos ?? [info]).join('')}</alert>`;
}

describe('cap parser on the real fixtures', () => {
  it.each(fixtureFiles('cap'))('%s parses without throwing, every item accounted for', (file) => {
    const doc = parseFeed('cap', fixture(file));
    expect(doc.format).toBe('cap');
    expect(doc.items.length).toBeGreaterThan(0);
    for (const item of doc.items) expect(['event', 'ignored', 'rejected']).toContain(item.kind);
  });

  it('turns a CAP polygon of "lat,lon" pairs into a GeoJSON ring of [lon, lat]', () => {
    const e = onlyEvent(cap('oasis-ex2-thunderstorm-polygon.xml'));
    expect(e.geometry?.type).toBe('Polygon');
    const ring = e.geometry?.type === 'Polygon' ? e.geometry.coordinates[0]! : [];
    expect(ring[0]).toEqual([-120.14, 38.47]);
    expect(ring).toHaveLength(5);
    expect(ring[ring.length - 1]).toEqual(ring[0]);
    expect(e).toMatchObject({
      sourceEventId: 'KSTO@NWS.NOAA.GOV/KSTO1055887203',
      version: Date.parse('2003-06-17T14:57:00-07:00'),
      category: 'natural-hazard/storm',
      severity01: 0.75,
      certainty01: 1,
      urgency01: 1,
      persistence: 'state',
      status: 'active',
      validTo: '2003-06-17T23:00:00.000Z',
    });
  });

  it('reads the first vertex of a long IPAWS polygon as [lon, lat]', () => {
    const e = onlyEvent(cap('ipaws-md-local-emergency-polygon-signed-2019.xml'));
    const ring = e.geometry?.type === 'Polygon' ? e.geometry.coordinates[0]! : [];
    expect(ring[0]).toEqual([-77.12967945345733, 39.09930403047015]);
    expect(e.severity01).toBe(1);
  });

  it('makes a circle a polygon that keeps its centre and radius', () => {
    const e = onlyEvent(cap('airnow-ozone-circle-2020.xml'));
    expect(e.circle).toEqual({ center: [-121.0784, 38.8963], radiusKm: 1 });
    expect(e.geometry?.type).toBe('Polygon');
    const ring = e.geometry?.type === 'Polygon' ? e.geometry.coordinates[0]! : [];
    expect(ring).toHaveLength(33);
    // Every vertex is 1 km from the centre (haversine, to 0.1 %).
    for (const [lon, lat] of ring) {
      const rad = Math.PI / 180;
      const dLat = (lat! - 38.8963) * rad;
      const dLon = (lon! + 121.0784) * rad;
      const h = Math.sin(dLat / 2) ** 2 + Math.cos(38.8963 * rad) * Math.cos(lat! * rad) * Math.sin(dLon / 2) ** 2;
      expect(2 * 6371.0088 * Math.asin(Math.sqrt(h))).toBeCloseTo(1, 2);
    }
    expect(e.validTo).toBe('2020-07-11T08:00:00.000Z');
    expect(e.category).toBe('natural-hazard/air-quality');
  });

  it('reads a prefixed namespace (cap:alert) and merges same-language infos into one event', () => {
    const doc = cap('nsw-rfs-fire-circle-prefixed-ns-2011.xml');
    const e = onlyEvent(doc);
    expect(e.circle).toEqual({ center: [147.0598, -35.3888], radiusKm: 25 });
    // Both infos carry the same circle: one polygon, not two.
    expect(e.geometry?.type).toBe('Polygon');
    expect(e).toMatchObject({ category: 'natural-hazard/wildfire', severity01: 0.25, countryCodes: ['AU'] });
  });

  it('links a Cancel without <info> to the alert it cancels: same sourceEventId, status cancelled', () => {
    const cancel = onlyEvent(cap('ipaws-nv-cancel-no-info-signed-2019.xml'));
    expect(cancel).toMatchObject({
      sourceEventId: 'bbrundage@dps.state.nv.us/AS-NV-e18921c7-1b35-4a81-9705-42d25c265ddd',
      status: 'cancelled',
      geometry: null,
      version: Date.parse('2019-04-19T11:46:20-06:00'),
    });
    const original = onlyEvent(
      capParser(
        aCapMessage({ identifier: 'AS-NV-e18921c7-1b35-4a81-9705-42d25c265ddd', sent: '2019-04-18T12:02:32-06:00' }).replace(
          'ops@example.org',
          'bbrundage@dps.state.nv.us',
        ),
      ),
    );
    expect(original.sourceEventId).toBe(cancel.sourceEventId);
    expect(original.status).toBe('active');
    expect(cancel.version).toBeGreaterThan(original.version);
  });

  it('files an Update under the earliest message it references', () => {
    const update = onlyEvent(cap('oasis-ex3-earthquake-update-circle.xml'));
    expect(update).toMatchObject({
      sourceEventId: 'trinet@caltech.edu/TRI13970876.1',
      status: 'updated',
      magnitude: 3.4,
      category: 'natural-hazard/earthquake',
    });
    // A zero-radius circle is an epicentre: a point, with the circle kept.
    expect(update.geometry).toEqual({ type: 'Point', coordinates: [-115.5527, 32.9525] });
    expect(update.circle).toEqual({ center: [-115.5527, 32.9525], radiusKm: 0 });
    const tsunami = onlyEvent(cap('noaa-wcatwc-tsunami-cancellation-as-update-2013.xml'));
    expect(tsunami).toMatchObject({
      sourceEventId: 'wcatwc@noaa.gov/PAAQ-1-mg5a94',
      status: 'updated',
      certainty01: 0.2,
      magnitude: 7.5,
    });
    expect(tsunami.validTo).toBe('2013-01-05T10:58:23.000Z');
  });

  it('reads CAP 1.1: a geocode-only area is placed in its country', () => {
    const e = onlyEvent(cap('nws-blizzard-warning-cap11-polygon-2021.xml'));
    expect(e).toMatchObject({
      geometry: null,
      countryCodes: ['US'],
      category: 'natural-hazard/winter-storm',
      severity01: 0.75,
      certainty01: 0.8,
    });
    expect(e.validTo).toBe('2021-12-28T00:00:00.000Z');
  });

  it('yields one event for a two-language message, in English', () => {
    const amber = onlyEvent(cap('oasis-ex4-amber-two-languages.xml'));
    expect(amber).toMatchObject({ title: 'Amber Alert in Los Angeles County', category: 'kidnapping', countryCodes: ['US'] });
    // CAP 1.1 with a language-less first info (default en-US) and a Spanish one.
    const quake = onlyEvent(cap('usgs-earthquake-cap11-bilingual-2010.xml'));
    expect(quake).toMatchObject({
      title: 'EQ 5.3 Neiafu, Tonga - PRELIMINARY REPORT',
      magnitude: 5.3,
      geometry: { type: 'Point', coordinates: [-173.274, -16.053] },
    });
  });

  it('leaves out all-clear infos of a partial all-clear update', () => {
    const e = onlyEvent(cap('eccc-heat-update-partial-allclear-2020.xml'));
    expect(e).toMatchObject({
      status: 'updated',
      severity01: 0.5,
      category: 'natural-hazard/heat',
      title: 'heat warning in effect',
    });
    expect(e.geometry?.type).toBe('MultiPolygon');
    // The 11 polygons of the English warning, not the 2 of its all-clear.
    expect(e.geometry?.type === 'MultiPolygon' ? e.geometry.coordinates.length : 0).toBe(11);
    expect(e.sourceEventId).toBe('cap-pac@canada.ca/urn:oid:2.49.0.1.124.2009066053.2020');
  });

  it('ends the alert when every info is an all-clear', () => {
    const allClear = aCapMessage({
      infos: [
        `<info><category>Met</category><event>heat</event><responseType>AllClear</responseType><urgency>Past</urgency><severity>Minor</severity><certainty>Observed</certainty><area><areaDesc>x</areaDesc><circle>46.2,-80.5 10</circle></area></info>`,
      ],
    });
    expect(onlyEvent(capParser(allClear)).status).toBe('ended');
  });

  it('reads each entry of the NWS CAP Atom index as an alert', () => {
    const doc = cap('nws-cap11-atom-index-2018-trimmed.xml');
    const events = eventsOf(doc);
    expect(events).toHaveLength(5);
    expect(events[0]).toMatchObject({ geometry: null, countryCodes: ['US'], category: 'natural-hazard/storm' });
    expect(events[0]!.url).toMatch(/^https:\/\/alerts\.weather\.gov\/cap\/wwacapget\.php\?x=AK125AB652A170/);
    // The Dust Advisory repeats its closing vertex: the ring stays closed without a doubled vertex.
    const dust = events.find((e) => e.category === 'natural-hazard/dust-storm')!;
    const ring = dust.geometry?.type === 'Polygon' ? dust.geometry.coordinates[0]! : [];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (let i = 1; i < ring.length; i++) expect(ring[i]).not.toEqual(ring[i - 1]);
  });

  it('rejects an alert it cannot place, naming the field', () => {
    const doc = cap('oasis-ex1-homeland-security-nogeometry.xml');
    expect(itemsOfKind(doc, 'rejected')).toEqual([{ index: 0, kind: 'rejected', error: expect.stringContaining('geometry') }]);
  });
});

describe('cap parser rules', () => {
  it.each(['Exercise', 'System', 'Test', 'Draft'])('ignores status %s: only Actual is scored', (status) => {
    const doc = capParser(aCapMessage({ status }));
    expect(doc.items).toEqual([{ index: 0, kind: 'ignored', reason: expect.stringContaining(status) }]);
  });

  it.each(['Ack', 'Error'])('ignores msgType %s', (msgType) => {
    expect(capParser(aCapMessage({ msgType })).items[0]?.kind).toBe('ignored');
  });

  it('maps severity, certainty and urgency to 0..1 and the event text to a category', () => {
    expect(onlyEvent(capParser(aCapMessage()))).toMatchObject({
      category: 'attack',
      severity01: 1,
      certainty01: 1,
      urgency01: 1,
    });
  });

  it('defaults validTo to 24 h after the alert took effect when it has no <expires>', () => {
    const e = onlyEvent(capParser(aCapMessage()));
    expect(e.observedAt).toBe('2025-09-03T10:00:00.000Z');
    expect(e.validTo).toBe('2025-09-04T10:00:00.000Z');
  });

  it('merges several polygons into a MultiPolygon with the highest severity', () => {
    const info = (sev: string, poly: string) =>
      `<info><category>Met</category><event>Flood</event><urgency>Expected</urgency><severity>${sev}</severity><certainty>Likely</certainty><area><areaDesc>a</areaDesc><polygon>${poly}</polygon></area></info>`;
    const e = onlyEvent(capParser(aCapMessage({ infos: [info('Minor', '1,1 1,2 2,2 1,1'), info('Severe', '5,5 5,6 6,6 5,5')] })));
    expect(e.severity01).toBe(0.75);
    expect(e.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [1, 1],
            [2, 1],
            [2, 2],
            [1, 1],
          ],
        ],
        [
          [
            [5, 5],
            [6, 5],
            [6, 6],
            [5, 5],
          ],
        ],
      ],
    });
  });

  it('rejects only the message with an impossible coordinate', () => {
    const bad = aCapMessage().replace('14.5,-9.2 14.6', '214.5,-9.2 14.6');
    expect(capParser(bad).items).toEqual([
      { index: 0, kind: 'rejected', error: expect.stringContaining('coordinate out of range') },
    ]);
  });

  it('refuses a document that is not CAP (422) and one that is not XML (400), saying where', () => {
    expect(() => capParser('<rss version="2.0"><channel/></rss>')).toThrow(expect.objectContaining({ status: 422 }));
    try {
      capParser('<alert>\n  <identifier>x</sender>\n</alert>');
      throw new Error('expected a FeedError');
    } catch (err) {
      expect(err).toBeInstanceOf(FeedError);
      expect((err as FeedError).status).toBe(400);
      expect((err as FeedError).message).toMatch(/line 2, column \d+/);
    }
  });
});
