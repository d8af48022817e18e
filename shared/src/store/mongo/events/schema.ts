import { Schema } from 'mongoose';
import { eventBoxes } from '../../bbox';
import type { NewEvent } from '../../port';
import { PLAIN, toDoc } from '../mapping';

const { Mixed } = Schema.Types;

/** One non-crossing bounding box of an event's geometry (bbox.ts eventBoxes). */
const boxSchema = new Schema({ minLon: Number, minLat: Number, maxLon: Number, maxLat: Number }, { _id: false });

export const eventSchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, default: null },
    source: { type: String, required: true },
    sourceEventId: { type: String, required: true },
    version: { type: Number, required: true, min: 0 },
    sourceMessageId: { type: String, default: null },
    title: { type: String, required: true },
    category: { type: String, required: true },
    subcategory: { type: String, default: null },
    targets: { type: [String], default: [] },
    severity01: { type: Number, required: true, min: 0, max: 1 },
    certainty01: { type: Number, required: true, min: 0, max: 1 },
    urgency01: { type: Number, default: null },
    fatalities: { type: Number, required: true, min: 0 },
    geometry: { type: Mixed, default: null },
    circle: { type: Mixed, default: null },
    countryCodes: { type: [String], default: [] },
    locationUncertaintyKm: { type: Number, required: true },
    observedAt: { type: Date, required: true },
    validTo: { type: Date, default: null },
    status: { type: String, required: true },
    persistence: { type: String, required: true },
    advisoryLevel: { type: Number, default: null },
    magnitude: { type: Number, default: null },
    url: { type: String, default: null },
    knownAt: { type: Date, required: true },
    processedAt: { type: Date, default: null },
    boxes: { type: [boxSchema], default: [] },
  },
  PLAIN,
);
// events.accept: one document per (scope, source, sourceEventId, version); the server refuses a repeat.
eventSchema.index({ tenantId: 1, source: 1, sourceEventId: 1, version: 1 }, { unique: true });
// events.query: newest first by knownAt.
eventSchema.index({ knownAt: -1, _id: -1 });
// events.listUnprocessed: processedAt null, oldest knownAt first.
eventSchema.index({ processedAt: 1, knownAt: 1 });
// events.scoringCandidates and query({near}): $elemMatch on a box's latitude band, longitudes checked in the index.
eventSchema.index({ 'boxes.maxLat': 1, 'boxes.minLat': 1, 'boxes.maxLon': 1, 'boxes.minLon': 1 });
// events.scoringCandidates: country-wide events (advisories).
eventSchema.index({ countryCodes: 1 });

/** Fields of the document that are not part of the domain event. */
export const EVENT_INTERNAL = ['boxes'] as const;

export function toEventDoc(event: NewEvent): Record<string, unknown> {
  return {
    ...toDoc(event),
    processedAt: null,
    boxes: eventBoxes(event.geometry).map(([minLon, minLat, maxLon, maxLat]) => ({ minLon, minLat, maxLon, maxLat })),
  };
}
