import { z } from 'zod';

/** GeoJSON (RFC 7946) geometry schemas with coordinate ranges checked: positions are [longitude, latitude]. */
export const lonLat = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .rest(z.number())
  .describe('[longitude, latitude]');
export type LonLat = [number, number, ...number[]];

const ring = z
  .array(lonLat)
  .min(4, 'a linear ring needs at least 4 positions')
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'a linear ring must be closed');

/** Hard limits that keep one request from pinning a worker. */
export const GEOMETRY_LIMITS = { maxLinePositions: 50_000, maxPolygonPositions: 100_000 } as const;

export const pointSchema = z.object({ type: z.literal('Point'), coordinates: lonLat });
export const lineStringSchema = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(lonLat).min(2, 'a LineString needs at least 2 positions').max(GEOMETRY_LIMITS.maxLinePositions),
});
export const multiLineStringSchema = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z
    .array(z.array(lonLat).min(2, 'each line of a MultiLineString needs at least 2 positions'))
    .min(1)
    .refine((ls) => ls.reduce((n, l) => n + l.length, 0) <= GEOMETRY_LIMITS.maxLinePositions, 'too many positions'),
});
export const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z
    .array(ring)
    .min(1)
    .refine((rs) => rs.reduce((n, r) => n + r.length, 0) <= GEOMETRY_LIMITS.maxPolygonPositions, 'too many positions'),
});
export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
});

export const routeGeometrySchema = z.discriminatedUnion('type', [lineStringSchema, multiLineStringSchema]);
export const eventGeometrySchema = z.discriminatedUnion('type', [pointSchema, polygonSchema, multiPolygonSchema]);

export type Point = z.infer<typeof pointSchema>;
export type LineString = z.infer<typeof lineStringSchema>;
export type MultiLineString = z.infer<typeof multiLineStringSchema>;
export type Polygon = z.infer<typeof polygonSchema>;
export type MultiPolygon = z.infer<typeof multiPolygonSchema>;
export type RouteGeometry = z.infer<typeof routeGeometrySchema>;
export type EventGeometry = z.infer<typeof eventGeometrySchema>;

/** [minLon, minLat, maxLon, maxLat]; minLon > maxLon means the box crosses the antimeridian. */
export type BBox = [number, number, number, number];

/** ISO 3166-1 alpha-2, upper case. */
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, e.g. "ML"');
