import { z } from 'zod';
import { countryCode, pointSchema, routeGeometrySchema } from '@minerisk/shared/domain/geo';
import { ROUTE_MODES } from '@minerisk/shared/domain/subject';
import { isoTime, resourceId } from './common';

export const siteView = z
  .object({
    id: resourceId,
    name: z.string(),
    location: pointSchema,
    country: countryCode.nullable(),
    commodity: z.string().nullable(),
    criticality: z.number().int().min(1).max(5).nullable(),
    radiusKm: z.number().positive(),
    externalId: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Site' });
export type SiteView = z.infer<typeof siteView>;

export const routeView = z
  .object({
    id: resourceId,
    name: z.string(),
    mode: z.enum(ROUTE_MODES),
    geometry: routeGeometrySchema,
    bufferKm: z.number().positive(),
    siteIds: z.array(z.string()),
    lengthKm: z.number().min(0),
    externalId: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Route' });
export type RouteView = z.infer<typeof routeView>;

const featureError = z.object({
  index: z.number().int().min(0),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

/** The answer to a GeoJSON import: what was created, and why each refused feature was refused. */
export const importReport = z
  .object({
    created: z.number().int().min(0),
    items: z.array(z.object({ index: z.number().int().min(0), id: resourceId })),
    errors: z.array(featureError),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof importReport>;
