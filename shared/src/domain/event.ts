import { stripControlChars } from './text';
import { z } from 'zod';
import { countryCode, eventGeometrySchema, lonLat } from './geo';

/** docs/scoring.md §1: the small category taxonomy. Natural hazards carry their type: `natural-hazard/earthquake`. */
export const CATEGORY_PATTERN =
  /^(armed-conflict|attack|kidnapping|blockade|unrest|crime|health|travel-advisory|infrastructure|other|natural-hazard\/[a-z][a-z-]*)$/;
export const eventCategory = z
  .string()
  .regex(
    CATEGORY_PATTERN,
    'one of armed-conflict, attack, kidnapping, blockade, unrest, crime, natural-hazard/<type>, health, travel-advisory, infrastructure, other',
  );
export type EventCategory = z.infer<typeof eventCategory>;

/** Who or what was hit. fuel, logistics, transport and mining weigh most for a mining supply chain. */
export const EVENT_TARGETS = [
  'transport',
  'fuel',
  'logistics',
  'mining',
  'civilians',
  'security-forces',
  'infrastructure',
  'maritime',
  'aviation',
  'government',
] as const;
export const eventTarget = z.enum(EVENT_TARGETS);
export type EventTarget = z.infer<typeof eventTarget>;

export const EVENT_STATUSES = ['active', 'updated', 'cancelled', 'ended'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * How time acts on an event (docs/scoring.md §2): an `incident` decays with h ≈ 14 days, a `structural` signal
 * with h ≈ 150 days, a `state` (advisory, declared blockade, active CAP alert) holds full weight until it
 * ends, is cancelled or passes `validTo`.
 */
export const PERSISTENCE = ['incident', 'state', 'structural'] as const;
export type Persistence = (typeof PERSISTENCE)[number];

const isoTime = z.iso.datetime({ offset: true });

/**
 * Times an event may carry (docs/limits.md): not before 1900, and (checked where a clock is at hand: the
 * API and the ingest of feed documents) not later than now plus EVENT_FUTURE_SKEW_MS. A time outside is a
 * 422 for `POST /v1/events` and rejects the item of a feed document.
 */
export const EARLIEST_EVENT_TIME = '1900-01-01T00:00:00Z';
export const EVENT_FUTURE_SKEW_MS = 5 * 60_000;
const EARLIEST_MS = Date.parse(EARLIEST_EVENT_TIME);
/** zod issue params that make the API answer 422 (well-formed, unprocessable) rather than 400. */
const UNPROCESSABLE = { params: { unprocessable: true } };
const eventTime = isoTime.refine((s) => Date.parse(s) >= EARLIEST_MS, {
  message: `must not be before ${EARLIEST_EVENT_TIME}`,
  ...UNPROCESSABLE,
});

/** The reason an event's times are refused at `nowMs`, or null: observedAt too far in the future. */
export function futureTimeError(e: { observedAt: string }, nowMs: number): string | null {
  return Date.parse(e.observedAt) > nowMs + EVENT_FUTURE_SKEW_MS
    ? `observedAt: ${e.observedAt} is in the future (more than ${EVENT_FUTURE_SKEW_MS / 60_000} minutes ahead of the server clock)`
    : null;
}

function validToAfterObserved(e: { observedAt: string; validTo?: string | null }): boolean {
  return e.validTo === undefined || e.validTo === null || Date.parse(e.validTo) >= Date.parse(e.observedAt);
}
const VALID_TO_ISSUE = { message: 'validTo must not be before observedAt', path: ['validTo'], ...UNPROCESSABLE };

/**
 * A normalized event as every parser emits it: what scoring reads (docs/scoring.md §1) plus its identity.
 * Identity is `(tenant scope, source, sourceEventId)`; `version` orders the versions of one identity
 * (epoch milliseconds of the source's own sent/updated time). The newest known version is the one that counts.
 */
export const normalizedEventSchema = z
  .object({
    source: z.string().min(1).max(64),
    sourceEventId: z.string().min(1).max(512),
    version: z.number().int().nonnegative(),
    /** The id of the document or message that carried this version (CAP identifier, RSS guid...). */
    sourceMessageId: z.string().max(512).nullable().default(null),
    title: z.string().overwrite(stripControlChars).trim().min(1).max(500),
    category: eventCategory,
    /** Finer type inside the category that the model weighs: `riot`, `protest`, `territory-seized`, `armed-clash`... */
    subcategory: z.string().max(64).nullable().default(null),
    targets: z.array(eventTarget).max(EVENT_TARGETS.length).default([]),
    severity01: z.number().min(0).max(1).default(1),
    certainty01: z.number().min(0).max(1).default(1),
    urgency01: z.number().min(0).max(1).nullable().default(null),
    fatalities: z.number().int().min(0).max(1_000_000).default(0),
    geometry: eventGeometrySchema.nullable().default(null),
    /** A CAP circle keeps its centre and radius beside the polygon that approximates it. */
    circle: z.object({ center: lonLat, radiusKm: z.number().nonnegative() }).nullable().default(null),
    countryCodes: z.array(countryCode).max(300).default([]),
    locationUncertaintyKm: z.number().min(0).max(20_000).default(0),
    observedAt: eventTime,
    validTo: eventTime.nullable().default(null),
    status: z.enum(EVENT_STATUSES).default('active'),
    persistence: z.enum(PERSISTENCE).default('incident'),
    /** Travel advisories: US State Department level 1..4 (other official advisories mapped alike). */
    advisoryLevel: z.number().int().min(1).max(4).nullable().default(null),
    /** Magnitude for hazards that have one (USGS, GDACS). */
    magnitude: z.number().nullable().default(null),
    /** A link to the source's own page, never the source's raw text. */
    url: z.string().max(2048).nullable().default(null),
  })
  .refine((e) => e.geometry !== null || e.countryCodes.length > 0 || e.status === 'cancelled', {
    message: 'an event needs a geometry or countryCodes',
    path: ['geometry'],
  })
  .refine(validToAfterObserved, VALID_TO_ISSUE);
export type NormalizedEvent = z.output<typeof normalizedEventSchema>;
export type NormalizedEventInput = z.input<typeof normalizedEventSchema>;

/** A stored event: a normalized event with the identity and times this service gives it. */
export interface RiskEvent extends NormalizedEvent {
  id: string;
  /** null: a public feed event that counts for every tenant; else the tenant that pushed it. */
  tenantId: string | null;
  /** When this service learned of it (knowledge time, docs/scoring.md §2). */
  knownAt: string;
  /** When the scoring worker applied it; null until then. */
  processedAt: string | null;
}

/** The identity of an event across its versions, inside one tenant scope. */
export function eventIdentityKey(e: Pick<RiskEvent, 'tenantId' | 'source' | 'sourceEventId'>): string {
  return `${e.tenantId ?? '*'}|${e.source}|${e.sourceEventId}`;
}

/** `POST /v1/events`: a customer's own incident report (docs/api.md). */
export const customerEventSchema = z
  .object({
    title: z.string().overwrite(stripControlChars).trim().min(1).max(500),
    category: eventCategory,
    subcategory: z.string().max(64).optional(),
    observedAt: eventTime,
    geometry: eventGeometrySchema.optional(),
    countryCodes: z.array(countryCode).min(1).max(300).optional(),
    severity01: z.number().min(0).max(1).optional(),
    certainty01: z.number().min(0).max(1).optional(),
    fatalities: z.number().int().min(0).max(1_000_000).optional(),
    targets: z.array(eventTarget).max(EVENT_TARGETS.length).optional(),
    validTo: eventTime.optional(),
    locationUncertaintyKm: z.number().min(0).max(20_000).optional(),
    externalId: z.string().min(1).max(256).optional(),
  })
  .strict()
  .refine((e) => e.geometry !== undefined || e.countryCodes !== undefined, {
    message: 'geometry or countryCodes is required',
    path: ['geometry'],
  })
  .refine(validToAfterObserved, VALID_TO_ISSUE);
export type CustomerEvent = z.infer<typeof customerEventSchema>;
