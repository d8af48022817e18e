import { stripControlChars } from './text';
import { z } from 'zod';
import { countryCode, pointSchema, routeGeometrySchema, type Point, type RouteGeometry } from './geo';

export const SUBJECT_TYPES = ['site', 'route'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** A site or route of one tenant: the thing a score is about. */
export interface SubjectRef {
  tenantId: string;
  type: SubjectType;
  id: string;
}
export function subjectKey(s: SubjectRef): string {
  return `${s.tenantId}|${s.type}|${s.id}`;
}

/** Defaults of docs/api.md: a site's reach and a route's buffer. */
export const SITE_DEFAULT_RADIUS_KM = 100;
export const ROUTE_DEFAULT_BUFFER_KM = 25;

/** `POST /v1/sites` and `PUT /v1/sites/:id` body. */
export const siteInputSchema = z
  .object({
    name: z.string().overwrite(stripControlChars).trim().min(1).max(200),
    location: pointSchema,
    country: countryCode.optional(),
    commodity: z.string().trim().min(1).max(64).optional(),
    criticality: z.number().int().min(1).max(5).optional(),
    radiusKm: z.number().positive().max(1000).optional(),
    externalId: z.string().min(1).max(256).optional(),
  })
  .strict();
export type SiteInput = z.infer<typeof siteInputSchema>;

export interface Site {
  id: string;
  tenantId: string;
  name: string;
  location: Point;
  /** ISO alpha-2, given or derived from the location; null at sea or where no country is known. */
  country: string | null;
  commodity: string | null;
  criticality: number | null;
  radiusKm: number;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

export const ROUTE_MODES = ['road', 'rail', 'sea', 'river', 'air', 'pipeline'] as const;
export type RouteMode = (typeof ROUTE_MODES)[number];

/** `POST /v1/routes` and `PUT /v1/routes/:id` body. */
export const routeInputSchema = z
  .object({
    name: z.string().overwrite(stripControlChars).trim().min(1).max(200),
    mode: z.enum(ROUTE_MODES),
    geometry: routeGeometrySchema,
    bufferKm: z.number().positive().max(500).optional(),
    siteIds: z.array(z.string().min(1).max(64)).max(100).optional(),
    externalId: z.string().min(1).max(256).optional(),
  })
  .strict();
export type RouteInput = z.infer<typeof routeInputSchema>;

export interface Route {
  id: string;
  tenantId: string;
  name: string;
  mode: RouteMode;
  geometry: RouteGeometry;
  bufferKm: number;
  siteIds: string[];
  lengthKm: number;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type Subject = ({ type: 'site' } & Site) | ({ type: 'route' } & Route);
