import { normalizedEventSchema, type NormalizedEvent, type NormalizedEventInput } from '../domain';
import { FeedError } from '../domain/errors';
import { parseDate } from './dates';
import { eventItem, guardItem, rejected } from './item';
import { isRecord, parseJson, str } from './json';
import type { FeedParser, ParsedItem } from './types';

/** The `source` of a feature that does not name one. */
export const GEOJSON_DEFAULT_SOURCE = 'geojson';

const FIELDS = new Set(Object.keys(normalizedEventSchema.shape));

/**
 * One feature → one normalized event: the properties are the normalized event's fields (the schema of
 * shared/src/domain/event.ts) and the feature's geometry is its geometry (null for a country-wide item).
 * Conveniences for hand-written files: `source` defaults to "geojson", `sourceEventId` to the feature's
 * `id`, `version` to `observedAt` in epoch milliseconds.
 */
function featureItem(index: number, f: unknown): ParsedItem {
  if (!isRecord(f) || f['type'] !== 'Feature') return rejected(index, 'type: each item must be a GeoJSON Feature');
  const props = isRecord(f['properties']) ? f['properties'] : {};
  if ('geometry' in props) return rejected(index, 'properties.geometry: put the geometry in the feature, not in its properties');
  // A misspelt field would otherwise vanish silently.
  const unknown = Object.keys(props).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0) return rejected(index, `properties.${unknown[0]!.slice(0, 64)}: not a normalized event field`);
  const featureId = str(f['id']);
  const observedMs = typeof props['observedAt'] === 'string' ? parseDate(props['observedAt']) : null;
  const candidate = {
    ...props,
    source: props['source'] ?? GEOJSON_DEFAULT_SOURCE,
    sourceEventId: props['sourceEventId'] ?? featureId ?? undefined,
    version: props['version'] ?? observedMs ?? undefined,
    geometry: f['geometry'] ?? null,
  } as NormalizedEventInput;
  return eventItem(index, candidate);
}

/** `geojson`: a FeatureCollection of normalized events, as the demo and tests push synthetic incidents. */
export const geojsonEventsParser: FeedParser = (body) => {
  const doc = parseJson(body);
  if (!isRecord(doc) || doc['type'] !== 'FeatureCollection' || !Array.isArray(doc['features'])) {
    throw new FeedError('wrong_format', 'not a GeoJSON FeatureCollection of events', '$.type');
  }
  return { format: 'geojson', items: doc['features'].map((f, index) => guardItem(index, () => featureItem(index, f))) };
};

/** The inverse: normalized events as the FeatureCollection `geojsonEventsParser` reads (demo, tests). */
export function eventsToFeatureCollection(events: (NormalizedEvent | NormalizedEventInput)[]): {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: string; geometry: unknown; properties: Record<string, unknown> }[];
} {
  return {
    type: 'FeatureCollection',
    features: events.map(({ geometry, ...properties }) => ({
      type: 'Feature',
      id: properties.sourceEventId,
      geometry: geometry ?? null,
      properties,
    })),
  };
}
