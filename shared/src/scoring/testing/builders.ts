/**
 * Test-data builders with overrides (STYLE.md Tests) for the scoring model: `aSite({ radiusKm: 5 })`.
 * Ids and identities come from a counter, so builders can be called in loops without colliding.
 */
import type { RiskEvent, Route, Site } from '../../domain';
import { lineLengthKm } from '../../geo/segments';

export const AS_OF = new Date('2025-06-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

/** AS_OF shifted by days (negative: earlier), as ISO. */
export function daysBefore(days: number, from: Date = AS_OF): string {
  return new Date(from.getTime() - days * DAY_MS).toISOString();
}

let sequence = 0;
const next = (): number => ++sequence;

/** A mine near Kayes, Mali. */
export function aSite(overrides: Partial<Site> = {}): Site & { type: 'site' } {
  const n = next();
  return {
    type: 'site',
    id: `site_${n}`,
    tenantId: 'default',
    name: `Site ${n}`,
    location: { type: 'Point', coordinates: [-11.43, 14.45] },
    country: 'ML',
    commodity: 'gold',
    criticality: 3,
    radiusKm: 100,
    externalId: null,
    createdAt: daysBefore(365),
    updatedAt: daysBefore(365),
    ...overrides,
  };
}

/** The Bamako–Kayes road, roughly; lengthKm measured from the geometry unless given. */
export function aRoute(overrides: Partial<Route> = {}): Route & { type: 'route' } {
  const n = next();
  const geometry = overrides.geometry ?? {
    type: 'LineString',
    coordinates: [
      [-8.0, 12.65],
      [-9.5, 13.4],
      [-11.43, 14.45],
    ],
  };
  return {
    type: 'route',
    id: `route_${n}`,
    tenantId: 'default',
    name: `Route ${n}`,
    mode: 'road',
    bufferKm: 25,
    siteIds: [],
    lengthKm: lineLengthKm(geometry),
    externalId: null,
    createdAt: daysBefore(365),
    updatedAt: daysBefore(365),
    ...overrides,
    geometry,
  };
}

/** A global (public feed) attack on a fuel convoy near Kayes, two days before AS_OF. */
export function anEvent(overrides: Partial<RiskEvent> = {}): RiskEvent {
  const n = next();
  return {
    id: `evt_${String(n).padStart(6, '0')}`,
    tenantId: null,
    knownAt: daysBefore(2),
    processedAt: null,
    source: 'test',
    sourceEventId: `e-${n}`,
    version: 1,
    sourceMessageId: null,
    title: `Attack on a fuel convoy ${n}`,
    category: 'attack',
    subcategory: 'convoy-attack',
    targets: ['fuel', 'transport'],
    severity01: 0.9,
    certainty01: 1,
    urgency01: null,
    fatalities: 2,
    geometry: { type: 'Point', coordinates: [-11.43, 14.45] },
    circle: null,
    countryCodes: [],
    locationUncertaintyKm: 0,
    observedAt: daysBefore(2),
    validTo: null,
    status: 'active',
    persistence: 'incident',
    advisoryLevel: null,
    magnitude: null,
    url: null,
    ...overrides,
  };
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
