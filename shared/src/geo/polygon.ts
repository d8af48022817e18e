import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { BBox } from '../domain/geo';
import { lonStep } from './lonInterval';
import { buildPolygonGrid, gridContains, type PolygonGrid } from './polygonGrid';

type Ring = readonly (readonly number[])[];

/**
 * A polygon prepared for point-in-polygon tests across the antimeridian: its rings are unwrapped into
 * continuous longitudes (a ring from 179°E to 179°W runs 179..181), and a point is tried at lon and lon ± 360.
 * Containment is planar in longitude/latitude (as RFC 7946 and turf treat polygons); the boundary counts as inside.
 */
export interface PreparedPolygon {
  /** The unwrapped rings as a GeoJSON Polygon, built once for turf. */
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  /** Unwrapped longitude range and latitude range, for a quick reject. */
  box: BBox;
  /** Banded edges for polygons above GRID_MIN_EDGES, so a test costs a few edges, not all of them. */
  grid: PolygonGrid | null;
}

/** Below this many edges turf's linear test is as fast as the grid. */
const GRID_MIN_EDGES = 64;

function unwrapRing(ring: Ring, reference: number): [number, number][] {
  const first = ring[0]!;
  let u = reference + lonStep(reference, first[0]!);
  const out: [number, number][] = [[u, first[1]!]];
  for (let i = 1; i < ring.length; i++) {
    u += lonStep(ring[i - 1]![0]!, ring[i]![0]!);
    out.push([u, ring[i]![1]!]);
  }
  return out;
}

export function preparePolygon(rings: readonly Ring[]): PreparedPolygon {
  const outer = rings[0]!;
  const reference = outer[0]![0]!;
  const unwrapped = rings.map((r) => unwrapRing(r, reference));
  const pts = unwrapped[0]!;
  let box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of pts)
    box = [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)];
  const edges = unwrapped.reduce((n, r) => n + r.length - 1, 0);
  return {
    geometry: { type: 'Polygon', coordinates: unwrapped },
    box,
    grid: edges >= GRID_MIN_EDGES ? buildPolygonGrid(unwrapped) : null,
  };
}

export function polygonContains(poly: PreparedPolygon, lon: number, lat: number): boolean {
  const [w, s, e, n] = poly.box;
  if (lat < s || lat > n) return false;
  for (let shift = -360; shift <= 360; shift += 360) {
    const candidate = lon + shift;
    if (candidate < w || candidate > e) continue;
    if (poly.grid !== null ? gridContains(poly.grid, candidate, lat) : booleanPointInPolygon([candidate, lat], poly.geometry))
      return true;
  }
  return false;
}
