import type { NormalizedEventInput } from '../domain';
import { FeedError } from '../domain/errors';
import { fromEpochMs, toIso } from './dates';
import { pointOf } from './geometry';
import { cleanTitle, cleanUrl, eventItem, guardItem, ignored, rejected } from './item';
import { isRecord, num, parseJson, str } from './json';
import type { FeedParser, ParsedItem } from './types';

export const USGS_SOURCE = 'usgs';

/**
 * PAGER alert (estimated losses) → severity01: green = no expected fatalities and losses under $1M,
 * yellow = 1-99 fatalities or $1-100M, orange = 100-999 or $100M-1B, red = 1,000+ or $1B+.
 */
const PAGER_SEVERITY: Readonly<Record<string, number>> = { green: 0.25, yellow: 0.5, orange: 0.75, red: 1 };

/**
 * Magnitude → severity01: the shaking a mine, a road or a pipeline may take whatever the population
 * exposure PAGER counts: M4 0, M6 0.5, M8+ 1 (linear in magnitude, so roughly logarithmic in energy).
 * An event's severity is the larger of the two, so a remote M7 that PAGER rates green still weighs.
 */
export function magnitudeSeverity(mag: number): number {
  return Math.round(Math.min(1, Math.max(0, (mag - 4) / 4)) * 1000) / 1000;
}

/** The event's identity across networks: the first of its `ids` sorted, so merged ids keep one identity. */
export function usgsIdentity(id: string | null, ids: string | null): string | null {
  const all = (ids ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .sort();
  return all[0] ?? id;
}

function usgsItem(index: number, f: unknown): ParsedItem {
  if (!isRecord(f)) return rejected(index, 'feature: not an object');
  const p = isRecord(f['properties']) ? f['properties'] : {};
  const type = str(p['type']) ?? 'earthquake';
  // Quarry blasts, explosions, sonic booms, ice quakes... are recorded by the network but are not natural hazards.
  if (type.toLowerCase() !== 'earthquake') return ignored(index, `USGS event type "${type}" is not a natural hazard`);
  const sourceEventId = usgsIdentity(str(f['id']), str(p['ids']));
  if (!sourceEventId) return rejected(index, 'sourceEventId: the feature has neither id nor ids');
  const time = fromEpochMs(p['time']);
  if (time === null) return rejected(index, 'observedAt: properties.time is not epoch milliseconds');
  const updated = fromEpochMs(p['updated']) ?? time;
  const g = isRecord(f['geometry']) ? f['geometry'] : {};
  const coords = Array.isArray(g['coordinates']) ? g['coordinates'] : [];
  const lon = num(coords[0]);
  const lat = num(coords[1]);
  if (g['type'] !== 'Point' || lon === null || lat === null)
    return rejected(index, 'geometry: a Point [lon, lat, depth] is required');
  const mag = num(p['mag']);
  const pager = PAGER_SEVERITY[str(p['alert'])?.toLowerCase() ?? ''];
  const severities = [pager, mag === null ? undefined : magnitudeSeverity(mag)].filter((s): s is number => s !== undefined);
  const status = str(p['status'])?.toLowerCase();
  const candidate: NormalizedEventInput = {
    source: USGS_SOURCE,
    sourceEventId,
    version: updated,
    sourceMessageId: str(f['id']),
    title: cleanTitle(str(p['title'])) ?? cleanTitle(`M ${mag ?? '?'} - ${str(p['place']) ?? 'unknown place'}`)!,
    category: 'natural-hazard/earthquake',
    severity01: severities.length > 0 ? Math.max(...severities) : undefined,
    // Automatic solutions are revised (and sometimes deleted) once a seismologist reviews them.
    certainty01: status === 'automatic' ? 0.8 : 1,
    geometry: pointOf(lat, lon, 'geometry'),
    observedAt: toIso(time),
    // USGS deletes events that were not earthquakes after all.
    status: status === 'deleted' ? 'cancelled' : 'active',
    magnitude: mag,
    url: cleanUrl(str(p['url'])),
  };
  return eventItem(index, candidate);
}

/** `usgs`: a USGS earthquake GeoJSON summary feed (FeatureCollection), or one event Feature. */
export const usgsParser: FeedParser = (body) => {
  const doc = parseJson(body);
  let features: unknown[];
  if (isRecord(doc) && doc['type'] === 'FeatureCollection' && Array.isArray(doc['features'])) features = doc['features'];
  else if (isRecord(doc) && doc['type'] === 'Feature') features = [doc];
  else throw new FeedError('wrong_format', 'not a USGS GeoJSON feed: expected a FeatureCollection', '$.type');
  // Another GeoJSON list (GDACS, normalized events) is the wrong format, not a list of bad earthquakes.
  if (features.length > 0 && !features.some((f) => isRecord(f) && isRecord(f['properties']) && 'mag' in f['properties'])) {
    throw new FeedError('wrong_format', 'not a USGS GeoJSON feed: no feature has properties.mag', '$.features[*].properties.mag');
  }
  return { format: 'usgs', items: features.map((f, index) => guardItem(index, () => usgsItem(index, f))) };
};
