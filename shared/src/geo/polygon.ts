import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { BBox } from '../domain/geo';
import { lonStep } from './lonInterval';

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
}

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
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  return {
    geometry: { type: 'Polygon', coordinates: unwrapped },
    box: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
  };
}

export function polygonContains(poly: PreparedPolygon, lon: number, lat: number): boolean {
  const [w, s, e, n] = poly.box;
  if (lat < s || lat > n) return false;
  for (let shift = -360; shift <= 360; shift += 360) {
    const candidate = lon + shift;
    if (candidate < w || candidate > e) continue;
    if (booleanPointInPolygon([candidate, lat], poly.geometry)) return true;
  }
  return false;
}
