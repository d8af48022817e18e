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

/**
 * The geometry cost model (docs/limits.md): what one geometry and one request may hold, so that matching
 * and scoring stay bounded (distances are near-linear in positions, see geo/shape.ts). A geometry over a
 * limit is a 422 naming it (an item of a feed document over it is rejected alone); a request whose
 * geometries together exceed `maxPositionsPerRequest` is a 413.
 */
export const GEOMETRY_LIMITS = {
  /** Positions in one route geometry, all lines of a MultiLineString together. */
  maxRoutePositions: 20_000,
  /** Lines in one MultiLineString route. */
  maxRouteLines: 100,
  /** Positions in one event geometry, all rings (and all polygons of a MultiPolygon) together. */
  maxEventPositions: 4_000,
  /** Rings (outer and holes) in one polygon. */
  maxRingsPerPolygon: 100,
  /** Polygons in one MultiPolygon. */
  maxPolygonsPerMultiPolygon: 200,
  /** Positions across every geometry of one request or feed document. */
  maxPositionsPerRequest: 200_000,
} as const;
export type GeometryLimit = keyof typeof GEOMETRY_LIMITS;

/** The zod issue of a breached limit: `params.limit` names it, and the API answers 422 (not 400) for it. */
export function limitIssue(limit: GeometryLimit, what: string): { message: string; params: { limit: string } } {
  return { message: `${what} exceeds the limit ${limit} = ${GEOMETRY_LIMITS[limit]}`, params: { limit } };
}

function positions(paths: readonly (readonly unknown[])[]): number {
  let n = 0;
  for (const p of paths) n += p.length;
  return n;
}

/** Positions of any GeoJSON geometry this service stores (0 for anything else). */
export function positionCount(g: { type: string; coordinates: unknown } | null | undefined): number {
  if (g === null || g === undefined || !Array.isArray(g.coordinates)) return 0;
  switch (g.type) {
    case 'Point':
      return 1;
    case 'LineString':
      return g.coordinates.length;
    case 'MultiLineString':
    case 'Polygon':
      return positions(g.coordinates as unknown[][]);
    case 'MultiPolygon':
      return (g.coordinates as unknown[][][]).reduce((n, p) => n + positions(p), 0);
    default:
      return 0;
  }
}

export const pointSchema = z.object({ type: z.literal('Point'), coordinates: lonLat });
export const lineStringSchema = z.object({
  type: z.literal('LineString'),
  coordinates: z
    .array(lonLat)
    .min(2, 'a LineString needs at least 2 positions')
    .refine((l) => l.length <= GEOMETRY_LIMITS.maxRoutePositions, limitIssue('maxRoutePositions', 'the LineString')),
});
export const multiLineStringSchema = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z
    .array(z.array(lonLat).min(2, 'each line of a MultiLineString needs at least 2 positions'))
    .min(1)
    .refine((ls) => ls.length <= GEOMETRY_LIMITS.maxRouteLines, limitIssue('maxRouteLines', 'the MultiLineString'))
    .refine((ls) => positions(ls) <= GEOMETRY_LIMITS.maxRoutePositions, limitIssue('maxRoutePositions', 'the MultiLineString')),
});
const polygonRings = z
  .array(ring)
  .min(1)
  .refine((rs) => rs.length <= GEOMETRY_LIMITS.maxRingsPerPolygon, limitIssue('maxRingsPerPolygon', 'the polygon'));
export const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: polygonRings.refine(
    (rs) => positions(rs) <= GEOMETRY_LIMITS.maxEventPositions,
    limitIssue('maxEventPositions', 'the Polygon'),
  ),
});
export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z
    .array(polygonRings)
    .min(1)
    .refine(
      (ps) => ps.length <= GEOMETRY_LIMITS.maxPolygonsPerMultiPolygon,
      limitIssue('maxPolygonsPerMultiPolygon', 'the MultiPolygon'),
    )
    .refine(
      (ps) => ps.reduce((n, p) => n + positions(p), 0) <= GEOMETRY_LIMITS.maxEventPositions,
      limitIssue('maxEventPositions', 'the MultiPolygon'),
    ),
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
