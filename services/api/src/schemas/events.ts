import { z } from 'zod';
import { EVENT_STATUSES, EVENT_TARGETS, PERSISTENCE, eventCategory } from '@minerisk/shared/domain/event';
import { countryCode, eventGeometrySchema, lonLat } from '@minerisk/shared/domain/geo';
import { isoTime, resourceId } from './common';

/** A stored event as `GET /v1/events/:id` shows it (never a source's raw text such as ACLED notes). */
export const eventView = z
  .object({
    id: resourceId,
    /** true: from a public feed, counts for every tenant; false: pushed by this tenant. */
    global: z.boolean(),
    source: z.string(),
    sourceEventId: z.string(),
    version: z.number().int().min(0),
    sourceMessageId: z.string().nullable(),
    title: z.string(),
    category: eventCategory,
    subcategory: z.string().nullable(),
    targets: z.array(z.enum(EVENT_TARGETS)),
    severity01: z.number().min(0).max(1),
    certainty01: z.number().min(0).max(1),
    urgency01: z.number().min(0).max(1).nullable(),
    fatalities: z.number().int().min(0),
    geometry: eventGeometrySchema.nullable(),
    circle: z.object({ center: lonLat, radiusKm: z.number().min(0) }).nullable(),
    countryCodes: z.array(countryCode),
    locationUncertaintyKm: z.number().min(0),
    observedAt: isoTime,
    validTo: isoTime.nullable(),
    status: z.enum(EVENT_STATUSES),
    persistence: z.enum(PERSISTENCE),
    advisoryLevel: z.number().int().min(1).max(4).nullable(),
    magnitude: z.number().nullable(),
    url: z.string().nullable(),
    knownAt: isoTime,
    /** When the scoring worker applied it; null until then. */
    processedAt: isoTime.nullable(),
  })
  .meta({ id: 'Event' });

export const eventAccepted = z.object({ id: resourceId }).meta({ id: 'EventAccepted' });

/** docs/api.md `202 { accepted, duplicates, ignored, rejected }` of a feed document. */
export const ingestReportView = z
  .object({
    accepted: z.number().int().min(0),
    duplicates: z.number().int().min(0),
    ignored: z.number().int().min(0),
    rejected: z
      .array(z.object({ index: z.number().int().min(0), error: z.string() }))
      .meta({ description: 'The first rejected items (at most 100, errors cut to 300 characters; docs/limits.md)' }),
    rejectedOmitted: z.number().int().min(1).optional().meta({ description: 'How many more items were rejected than listed' }),
  })
  .meta({ id: 'IngestReport' });
