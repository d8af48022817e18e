import type { NormalizedEventInput } from '../domain';
import { FeedError } from '../domain/errors';
import { isoFromAlpha3, isoFromName } from './countries';
import { parseDate, toIso } from './dates';
import { pointOf, radiusOfAreaKm } from './geometry';
import { cleanTitle, cleanUrl, eventItem, guardItem, ignored, rejected } from './item';
import { isRecord, looksLikeJson, num, parseJson, str } from './json';
import type { FeedParser, ParsedItem } from './types';
import { attr, node, nodes, parseXml, rootElement, text, type XmlNode } from './xml';

export const GDACS_SOURCE = 'gdacs';

/** GDACS event types → natural-hazard category. */
const HAZARD: Readonly<Record<string, string>> = {
  EQ: 'earthquake',
  TC: 'tropical-cyclone',
  FL: 'flood',
  VO: 'volcano',
  DR: 'drought',
  WF: 'wildfire',
  TS: 'tsunami',
};

/**
 * GDACS alert level → severity01. GDACS grades each event by its expected humanitarian impact:
 *
 * | level  | GDACS meaning                                   | severity01 |
 * | Green  | local impact, no international response needed | 0.2        |
 * | Orange | national capacity may be exceeded               | 0.6        |
 * | Red    | international assistance likely needed          | 1.0        |
 *
 * A Green event still closes roads near a mine, so it is not zero; an Orange one already means services
 * and transport in the area are strained, so it sits nearer Red than Green; Red is the level at which a
 * supply chain through the area should be assumed disrupted.
 */
export const GDACS_ALERT_SEVERITY: Readonly<Record<string, number>> = { green: 0.2, orange: 0.6, red: 1 };

/**
 * How far from the reported point the hazard reaches, in km (docs/scoring.md: the distance scale never goes
 * below it). The point is a centroid or epicentre; a cyclone or flood acts well beyond it. Droughts and
 * fires report their extent (km², ha), which gives the radius of a disc of that area.
 */
function uncertaintyKm(type: string, severityValue: number | null, severityUnit: string | null): number {
  return Math.round(reachKm(type, severityValue, severityUnit) * 10) / 10;
}

function reachKm(type: string, severityValue: number | null, severityUnit: string | null): number {
  const unit = severityUnit?.toLowerCase() ?? '';
  if (severityValue !== null && severityValue > 0) {
    if (unit === 'km2') return Math.min(2000, Math.max(25, radiusOfAreaKm(severityValue)));
    if (unit === 'ha') return Math.min(500, Math.max(5, radiusOfAreaKm(severityValue / 100)));
  }
  return ({ EQ: 10, VO: 10, TC: 100, FL: 50, DR: 500, WF: 10, TS: 50 } as Record<string, number>)[type] ?? 25;
}

/** One GDACS event as both shapes (RSS item, GeoJSON feature) carry it. */
interface GdacsRow {
  eventType: string | null;
  eventId: string | null;
  episodeId: string | null;
  alertLevel: string | null;
  lat: number | null;
  lon: number | null;
  title: string | null;
  link: string | null;
  fromDate: string | null;
  toDate: string | null;
  modified: string | null;
  severityValue: number | null;
  severityUnit: string | null;
  temporary: boolean;
  countries: string[];
}

/**
 * One GDACS event → one natural-hazard event: `sourceEventId` = event type + event id (its episodes are
 * versions), `version` = datemodified (else pubDate).
 * Geometry: the reported point only. The RSS `<gdacs:bbox>` is a map window, not a footprint (a fixed
 * ±4° box around earthquakes, volcanoes and droughts; a cyclone's whole track), so as a polygon it would
 * put every site within ~450 km at distance 0; `locationUncertaintyKm` carries the hazard's reach instead.
 */
function gdacsItem(index: number, r: GdacsRow): ParsedItem {
  if (!r.eventType || !r.eventId) return rejected(index, 'eventtype/eventid: required');
  const type = r.eventType.toUpperCase();
  const hazard = HAZARD[type];
  if (!hazard) return ignored(index, `GDACS event type ${r.eventType} is not mapped to a hazard`);
  const severity01 = GDACS_ALERT_SEVERITY[r.alertLevel?.toLowerCase() ?? ''];
  if (severity01 === undefined)
    return rejected(index, `severity01: alert level "${r.alertLevel ?? ''}" is not Green, Orange or Red`);
  const observedMs = parseDate(r.toDate) ?? parseDate(r.fromDate);
  if (observedMs === null) return rejected(index, `observedAt: no usable fromdate/todate ("${r.toDate ?? r.fromDate ?? ''}")`);
  const hasPoint = r.lat !== null && r.lon !== null;
  const candidate: NormalizedEventInput = {
    source: GDACS_SOURCE,
    sourceEventId: `${type}${r.eventId}`,
    version: parseDate(r.modified) ?? observedMs,
    sourceMessageId: r.episodeId ? `${type}${r.eventId}/${r.episodeId}` : null,
    title: cleanTitle(r.title) ?? `${r.alertLevel ?? ''} ${hazard} ${type}${r.eventId}`.trim(),
    category: `natural-hazard/${hazard}`,
    severity01,
    // GDACS marks first estimates as temporary.
    certainty01: r.temporary ? 0.8 : 1,
    geometry: hasPoint ? pointOf(r.lat!, r.lon!, 'geometry') : null,
    // Distance is measured to the point; without one the affected countries are all there is (docs/scoring.md §1).
    countryCodes: [...new Set(r.countries)].sort(),
    locationUncertaintyKm: uncertaintyKm(type, r.severityValue, r.severityUnit),
    // An ongoing hazard (cyclone, flood, drought) was last observed at its latest episode.
    observedAt: toIso(observedMs),
    magnitude: type === 'EQ' ? r.severityValue : null,
    url: cleanUrl(r.link),
  };
  return eventItem(index, candidate);
}

function rssRow(item: XmlNode): GdacsRow {
  const point = node(item['Point']);
  let lat = num(text(point['lat']));
  let lon = num(text(point['long']));
  if (lat === null || lon === null) {
    const [a, b] = (text(item['point']) ?? '').split(/\s+/);
    lat = num(a);
    lon = num(b);
  }
  const iso3 = text(item['iso3']);
  const names = (text(item['country']) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return {
    eventType: text(item['eventtype']),
    eventId: text(item['eventid']),
    episodeId: text(item['episodeid']),
    alertLevel: text(item['alertlevel']),
    lat,
    lon,
    title: text(item['title']),
    link: text(item['link']),
    fromDate: text(item['fromdate']),
    toDate: text(item['todate']),
    modified: text(item['datemodified']) ?? text(item['pubDate']),
    severityValue: num(attr(item['severity'], 'value')),
    severityUnit: attr(item['severity'], 'unit'),
    temporary: text(item['temporary'])?.toLowerCase() === 'true',
    countries: [...(iso3 ? [isoFromAlpha3(iso3)] : []), ...names.flatMap((n) => isoFromName(n) ?? [])].filter(
      (c): c is string => c !== null,
    ),
  };
}

function geojsonRow(f: unknown): GdacsRow {
  const feature = isRecord(f) ? f : {};
  const p = isRecord(feature['properties']) ? feature['properties'] : {};
  const geometry = isRecord(feature['geometry']) ? feature['geometry'] : {};
  const coords = geometry['type'] === 'Point' && Array.isArray(geometry['coordinates']) ? geometry['coordinates'] : [];
  const severity = isRecord(p['severitydata']) ? p['severitydata'] : {};
  const url = isRecord(p['url']) ? p['url'] : {};
  const affected = Array.isArray(p['affectedcountries']) ? p['affectedcountries'] : [];
  return {
    eventType: str(p['eventtype']),
    eventId: str(p['eventid']),
    episodeId: str(p['episodeid']),
    alertLevel: str(p['alertlevel']),
    lat: num(coords[1]),
    lon: num(coords[0]),
    title: str(p['htmldescription']) ?? str(p['name']) ?? str(p['description']),
    link: str(url['report']),
    fromDate: str(p['fromdate']),
    toDate: str(p['todate']),
    modified: str(p['datemodified']),
    severityValue: num(severity['severity']),
    severityUnit: str(severity['severityunit']),
    temporary: str(p['istemporary'])?.toLowerCase() === 'true',
    countries: affected.map((c) => (isRecord(c) ? str(c['iso2']) : null)).filter((c): c is string => c !== null),
  };
}

/** `gdacs`: the GDACS RSS (`rss.xml`, `rss_7d.xml`) or the GeoJSON event list of its API. */
export const gdacsParser: FeedParser = (body) => {
  let rows: GdacsRow[];
  if (looksLikeJson(body)) {
    const doc = parseJson(body);
    if (!isRecord(doc) || doc['type'] !== 'FeatureCollection' || !Array.isArray(doc['features'])) {
      throw new FeedError('wrong_format', 'not a GDACS event list: expected a GeoJSON FeatureCollection', '$.type');
    }
    rows = doc['features'].map(geojsonRow);
  } else {
    const root = rootElement(parseXml(body));
    if (root?.name !== 'rss')
      throw new FeedError('wrong_format', `not a GDACS feed: expected <rss>, found <${root?.name ?? 'nothing'}>`, 'root element');
    rows = nodes(node(root.node['channel'])['item']).map(rssRow);
    if (rows.length > 0 && rows.every((r) => r.eventType === null && r.eventId === null)) {
      throw new FeedError('wrong_format', 'not a GDACS feed: no item has gdacs:eventtype and gdacs:eventid', 'rss/channel/item');
    }
  }
  return { format: 'gdacs', items: rows.map((r, index) => guardItem(index, () => gdacsItem(index, r))) };
};
