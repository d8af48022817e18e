import { normalizedEventSchema, type CustomerEvent, type NormalizedEvent } from '@minerisk/shared/domain/event';
import { newId } from '@minerisk/shared/domain/ids';

/** Source name of events pushed through `POST /v1/events`. */
export const CUSTOMER_SOURCE = 'customer';

/**
 * A customer's incident report as a normalized event. `externalId` is the dedup key: the same report posted
 * again is a duplicate; a re-post with a new `observedAt` is a newer version of it (version = observedAt ms).
 * With a `validTo` it is a state (holds until then, docs/scoring.md §2), else an incident that decays.
 */
export function normalizeCustomerEvent(input: CustomerEvent): NormalizedEvent {
  return normalizedEventSchema.parse({
    source: CUSTOMER_SOURCE,
    sourceEventId: input.externalId ?? newId('cev'),
    version: Math.max(0, Date.parse(input.observedAt)),
    title: input.title,
    category: input.category,
    subcategory: input.subcategory ?? null,
    targets: input.targets ?? [],
    severity01: input.severity01 ?? 1,
    certainty01: input.certainty01 ?? 1,
    fatalities: input.fatalities ?? 0,
    geometry: input.geometry ?? null,
    countryCodes: input.countryCodes ?? [],
    locationUncertaintyKm: input.locationUncertaintyKm ?? 0,
    observedAt: input.observedAt,
    validTo: input.validTo ?? null,
    persistence: input.validTo ? 'state' : 'incident',
  });
}
