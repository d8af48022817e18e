import type { NormalizedEvent } from '@minerisk/shared/domain';
import { anEvent } from '@minerisk/shared/testing/store/builders';

/** A normalized incident as a parser emits it (the store builder's fuel-convoy attack, an hour ago), with overrides. */
export function anIncident(overrides: Partial<NormalizedEvent>): NormalizedEvent {
  const {
    id: _id,
    tenantId: _tenantId,
    knownAt: _knownAt,
    ...event
  } = anEvent({ observedAt: new Date(Date.now() - 3_600_000).toISOString(), countryCodes: [], ...overrides });
  return event;
}
