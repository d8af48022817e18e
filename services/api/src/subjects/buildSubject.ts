import {
  ROUTE_DEFAULT_BUFFER_KM,
  SITE_DEFAULT_RADIUS_KM,
  type Route,
  type RouteInput,
  type Site,
  type SiteInput,
} from '@minerisk/shared/domain/subject';
import { countryAt } from '@minerisk/shared/geo/countries';
import { lineLengthKm } from '@minerisk/shared/geo/segments';

interface Identity {
  id: string;
  tenantId: string;
  /** When the subject was first created: kept across replacements. */
  createdAt: string;
  now: Date;
}

/** A site from its API input: country derived when absent, radiusKm defaulted (docs/api.md). */
export function siteFromInput(input: SiteInput, who: Identity): Site {
  return {
    id: who.id,
    tenantId: who.tenantId,
    name: input.name,
    location: input.location,
    country: input.country ?? countryAt(input.location.coordinates[0], input.location.coordinates[1]),
    commodity: input.commodity ?? null,
    criticality: input.criticality ?? null,
    radiusKm: input.radiusKm ?? SITE_DEFAULT_RADIUS_KM,
    externalId: input.externalId ?? null,
    createdAt: who.createdAt,
    updatedAt: who.now.toISOString(),
  };
}

/** A route from its API input: lengthKm measured, bufferKm defaulted (docs/api.md). */
export function routeFromInput(input: RouteInput, who: Identity): Route {
  return {
    id: who.id,
    tenantId: who.tenantId,
    name: input.name,
    mode: input.mode,
    geometry: input.geometry,
    bufferKm: input.bufferKm ?? ROUTE_DEFAULT_BUFFER_KM,
    siteIds: input.siteIds ?? [],
    // Measured as the scoring model measures it, so segments' fromKm/toKm end at lengthKm.
    lengthKm: Math.round(lineLengthKm(input.geometry) * 1000) / 1000,
    externalId: input.externalId ?? null,
    createdAt: who.createdAt,
    updatedAt: who.now.toISOString(),
  };
}

/** What the API shows of a site or route: everything but the tenant, which the key already says. */
export function publicSubject<T extends { tenantId: string }>(s: T): Omit<T, 'tenantId'> {
  const { tenantId: _tenant, ...rest } = s;
  return rest;
}
