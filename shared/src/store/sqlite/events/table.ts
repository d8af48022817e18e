import type { RiskEvent } from '../../../domain';
import { defineTable } from '../table';

/** Besides these columns an event row has `pk` (the R*Tree and country index point at it) and the generated `scope`. */
export const events = defineTable<RiskEvent>('events', {
  id: 'text',
  tenantId: 'text',
  source: 'text',
  sourceEventId: 'text',
  version: 'num',
  sourceMessageId: 'text',
  title: 'text',
  category: 'text',
  subcategory: 'text',
  targets: 'json',
  severity01: 'num',
  certainty01: 'num',
  urgency01: 'num',
  fatalities: 'num',
  geometry: 'json',
  circle: 'json',
  countryCodes: 'json',
  locationUncertaintyKm: 'num',
  observedAt: 'time',
  validTo: 'time',
  status: 'text',
  persistence: 'text',
  advisoryLevel: 'num',
  magnitude: 'num',
  url: 'text',
  knownAt: 'time',
  processedAt: 'time',
});

/** Query boxes as JSON for `json_each`, split at the antimeridian, in the R*Tree's column order. */
export function boxesParam(boxes: [number, number, number, number][]): string {
  return JSON.stringify(boxes.map(([minLon, minLat, maxLon, maxLat]) => ({ minLon, minLat, maxLon, maxLat })));
}

/** Event pks whose stored box intersects one of the `@boxes`: a nested R*Tree lookup per query box. */
export const BOX_HITS_SQL = `
  SELECT b.event_pk AS pk FROM json_each(@boxes) q JOIN event_boxes b
    ON b.max_lon >= q.value ->> 'minLon' AND b.min_lon <= q.value ->> 'maxLon'
   AND b.max_lat >= q.value ->> 'minLat' AND b.min_lat <= q.value ->> 'maxLat'`;
