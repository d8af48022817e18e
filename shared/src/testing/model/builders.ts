/**
 * Test-data builders with overrides (docs/contributing.md Tests) for the scoring model: `aSite({ radiusKm: 5 })`.
 * Ids and identities come from a counter, so builders can be called in loops without colliding.
 */
import type { RiskEvent, Route, Site } from '../../domain';
import { lineLengthKm } from '../../geo/segments';
import { aRoute as storeRoute, aSite as storeSite, anEvent as storeEvent } from '../store/builders';

export const AS_OF = new Date('2025-06-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

/** AS_OF shifted by days (negative: earlier), as ISO. */
export function daysBefore(days: number, from: Date = AS_OF): string {
  return new Date(from.getTime() - days * DAY_MS).toISOString();
}

let sequence = 0;
const next = (): number => ++sequence;

/** A mine near Kayes, Mali: the store's site, with a counter id and dates a year before AS_OF. */
export function aSite(overrides: Partial<Site> = {}): Site & { type: 'site' } {
  const n = next();
  const site = storeSite({
    id: `site_${n}`,
    name: `Site ${n}`,
    createdAt: daysBefore(365),
    updatedAt: daysBefore(365),
    ...overrides,
  });
  return { ...site, type: 'site' };
}

/** The Bamako–Kayes road, roughly; lengthKm measured from the geometry unless given. */
export function aRoute(overrides: Partial<Route> = {}): Route & { type: 'route' } {
  const n = next();
  const route = storeRoute({
    id: `route_${n}`,
    name: `Route ${n}`,
    createdAt: daysBefore(365),
    updatedAt: daysBefore(365),
    ...overrides,
  });
  return { ...route, type: 'route', lengthKm: overrides.lengthKm ?? lineLengthKm(route.geometry) };
}

/** A global (public feed) attack on a fuel convoy near Kayes, two days before AS_OF, as stored. */
export function anEvent(overrides: Partial<RiskEvent> = {}): RiskEvent {
  const n = next();
  const event = storeEvent({
    id: `evt_${String(n).padStart(6, '0')}`,
    knownAt: daysBefore(2),
    sourceEventId: `e-${n}`,
    title: `Attack on a fuel convoy ${n}`,
    subcategory: 'convoy-attack',
    severity01: 0.9,
    geometry: { type: 'Point', coordinates: [-11.43, 14.45] },
    countryCodes: [],
    locationUncertaintyKm: 0,
    observedAt: daysBefore(2),
  });
  return { ...event, processedAt: null, ...overrides };
}

/** A US State Department advisory (a state: it holds until replaced or ended). */
export function anAdvisory(country: string, level: 1 | 2 | 3 | 4, overrides: Partial<RiskEvent> = {}): RiskEvent {
  return anEvent({
    source: 'state-dept',
    sourceEventId: `advisory-${country}`,
    title: `${country} - Level ${level}`,
    category: 'travel-advisory',
    subcategory: null,
    targets: [],
    fatalities: 0,
    severity01: 1,
    geometry: null,
    countryCodes: [country],
    persistence: 'state',
    advisoryLevel: level,
    observedAt: daysBefore(200),
    knownAt: daysBefore(200),
    ...overrides,
  });
}
