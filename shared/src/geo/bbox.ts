import type { BBox, EventGeometry, RouteGeometry } from '../domain/geo';
import { prepareArc } from './arc';
import { lonStep, unionLonIntervals, wrapLonEast, wrapLonWest, type LonInterval } from './lonInterval';
import { dot, EARTH_RADIUS_KM, normalize, toLonLat, toVec } from './sphere';

type Position = readonly number[];
type Path = readonly Position[];

const KM_PER_DEG = (EARTH_RADIUS_KM * Math.PI) / 180;

/** Whether the box crosses the antimeridian (its west edge is east of its east edge). */
export function crossesAntimeridian(b: BBox): boolean {
  return b[0] > b[2];
}

/** Latitudes a great-circle arc reaches between its ends (it bulges poleward of its end points). */
function arcLatRange(p: Position, q: Position): [number, number] {
  const a = toVec(p[0]!, p[1]!);
  const b = toVec(q[0]!, q[1]!);
  let lo = Math.min(p[1]!, q[1]!);
  let hi = Math.max(p[1]!, q[1]!);
  const arc = prepareArc(a, b);
  if (arc.n === null) return [lo, hi];
  const n = arc.n;
  const top = normalize({ x: -n.z * n.x, y: -n.z * n.y, z: 1 - n.z * n.z });
  if (top === null) return [lo, hi];
  for (const v of [top, { x: -top.x, y: -top.y, z: -top.z }]) {
    if (dot(v, arc.fromA) >= 0 && dot(v, arc.fromB) >= 0) {
      const lat = toLonLat(v)[1];
      lo = Math.min(lo, lat);
      hi = Math.max(hi, lat);
    }
  }
  return [lo, hi];
}

interface PathExtent {
  lon: LonInterval;
  lat: [number, number];
}

/** One connected path: longitudes unwrapped edge by edge, latitudes including the arcs' bulges. */
function pathExtent(path: Path, closed: boolean): PathExtent {
  const first = path[0]!;
  let u = first[0]!;
  let lo = u;
  let hi = u;
  let latLo = first[1]!;
  let latHi = first[1]!;
  for (let i = 1; i < path.length; i++) {
    const prev = path[i - 1]!;
    const cur = path[i]!;
    u += lonStep(prev[0]!, cur[0]!);
    lo = Math.min(lo, u);
    hi = Math.max(hi, u);
    const [a, b] = arcLatRange(prev, cur);
    latLo = Math.min(latLo, a);
    latHi = Math.max(latHi, b);
  }
  // A closed ring whose longitudes wind once around encloses a pole.
  if (closed && Math.abs(u - first[0]!) > 180) {
    return { lon: { start: -180, width: 360 }, lat: latHi > -latLo ? [latLo, 90] : [-90, latHi] };
  }
  return { lon: { start: lo, width: hi - lo }, lat: [latLo, latHi] };
}

/** The smallest box around paths (lines or rings), antimeridian-safe: minLon > maxLon when it crosses. */
export function bboxOfPaths(paths: readonly Path[], closed = false): BBox {
  const extents = paths.filter((p) => p.length > 0).map((p) => pathExtent(p, closed));
  const [west, east] = unionLonIntervals(extents.map((e) => e.lon));
  const south = Math.min(...extents.map((e) => e.lat[0]));
  const north = Math.max(...extents.map((e) => e.lat[1]));
  return [west, south, east, north];
}

/** Box of an event or route geometry. */
export function bboxOfGeometry(g: EventGeometry | RouteGeometry): BBox {
  switch (g.type) {
    case 'Point':
      return [g.coordinates[0], g.coordinates[1], g.coordinates[0], g.coordinates[1]];
    case 'LineString':
      return bboxOfPaths([g.coordinates]);
    case 'MultiLineString':
      return bboxOfPaths(g.coordinates);
    case 'Polygon':
      return bboxOfPaths(g.coordinates, true);
    case 'MultiPolygon':
      return bboxOfPaths(g.coordinates.flat(), true);
  }
}

/** A box grown by `km` on every side, conservatively: every point within `km` of the box is inside. */
export function expandBBoxKm(b: BBox, reachKm: number): BBox {
  // A millimetre more, so that rounding can never put a point at exactly `reachKm` outside.
  const km = reachKm + 1e-6;
  const dLat = km / KM_PER_DEG;
  const south = Math.max(-90, b[1] - dLat);
  const north = Math.min(90, b[3] + dLat);
  const widest = Math.max(Math.abs(south), Math.abs(north));
  const ratio = Math.sin(km / EARTH_RADIUS_KM) / Math.cos((widest * Math.PI) / 180);
  const width = crossesAntimeridian(b) ? b[2] + 360 - b[0] : b[2] - b[0];
  if (widest >= 90 || ratio >= 1) return [-180, south, 180, north];
  const dLon = (Math.asin(ratio) * 180) / Math.PI;
  if (width + 2 * dLon >= 360) return [-180, south, 180, north];
  return [wrapLonWest(b[0] - dLon), south, wrapLonEast(b[2] + dLon), north];
}

/** A crossing box as the two ordinary boxes either side of the antimeridian (for R-trees). */
export function plainBoxes(b: BBox): BBox[] {
  if (!crossesAntimeridian(b)) return [b];
  return [
    [b[0], b[1], 180, b[3]],
    [-180, b[1], b[2], b[3]],
  ];
}

function plainIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

export function bboxesIntersect(a: BBox, b: BBox): boolean {
  if (a[0] <= a[2] && b[0] <= b[2]) return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
  return plainBoxes(a).some((x) => plainBoxes(b).some((y) => plainIntersect(x, y)));
}
