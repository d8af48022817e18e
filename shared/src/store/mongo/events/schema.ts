import { Schema } from 'mongoose';
import { eventBoxes } from '../../bbox';
import type { NewEvent } from '../../port';
import { toMs } from '../../time';
import { PLAIN, toDoc } from '../mapping';
import { eventCells } from './cells';

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
    // Internal fields derived from the event at insert (toEventDoc); events are never rewritten.
    idKey: { type: String, required: true },
    cells: { type: [Number], default: [] },
    until: { type: Date, required: true },
  },
  PLAIN,
);
// events.accept: one document per (identity, version); the server refuses a repeat. versionsOf, the
// duplicate look-up and the candidates' second query ask for identities with `idKey: {$in}`.
eventSchema.index({ idKey: 1, version: 1 }, { unique: true });
// events.query: newest first by knownAt.
eventSchema.index({ knownAt: -1, _id: -1 });
// events.listUnprocessed: processedAt null, oldest knownAt first, id tie-break (no in-memory sort).
eventSchema.index({ processedAt: 1, knownAt: 1, _id: 1 });
// events.scoringCandidates: grid cells of the area asked for, then the time bound (cells.ts).
eventSchema.index({ cells: 1, until: 1 });
// events.scoringCandidates: country-wide events (advisories), with the same time bound.
eventSchema.index({ countryCodes: 1, until: 1 });

/** Fields of the document that are not part of the domain event. */
export const EVENT_INTERNAL = ['boxes', 'idKey', 'cells', 'until'] as const;

/** The stored identity: unambiguous whatever the source and id contain, null scope distinct from every tenant. */
export function identityKey(e: Pick<NewEvent, 'tenantId' | 'source' | 'sourceEventId'>): string {
  return JSON.stringify([e.tenantId ?? null, e.source, e.sourceEventId]);
}

/**
 * The last instant at which the event can still be a scoring candidate (port.ts ScoringCandidatesQuery
 * observedSince): an incident until it was observed; a state or structural signal until its validTo
 * (exclusive: instants are whole milliseconds) or for ever. `until >= observedSince` is then exactly
 * `observedAt >= since OR (persistent AND (validTo IS NULL OR validTo > since))`, as one indexable range.
 */
export function relevantUntil(e: Pick<NewEvent, 'observedAt' | 'persistence' | 'validTo'>): Date {
  const observed = toMs(e.observedAt);
  if (e.persistence !== 'state' && e.persistence !== 'structural') return new Date(observed);
  if (e.validTo === null) return FOREVER;
  return new Date(Math.max(observed, toMs(e.validTo) - 1));
}
export const FOREVER = new Date(8.64e15);

export function toEventDoc(event: NewEvent): Record<string, unknown> {
  const boxes = eventBoxes(event.geometry);
  return {
    ...toDoc(event),
    processedAt: null,
    boxes: boxes.map(([minLon, minLat, maxLon, maxLat]) => ({ minLon, minLat, maxLon, maxLat })),
    idKey: identityKey(event),
    cells: eventCells(boxes),
    until: relevantUntil(event),
  };
}
