import type { BBox, RouteGeometry } from '../domain/geo';
import { bboxOfPaths } from './bbox';
import { countriesAlong } from './countries';
import { angleBetween, EARTH_RADIUS_KM, slerp, toLonLat, toVec, type Vec3 } from './sphere';

type Position = readonly number[];

/** One ≈25 km piece of a route (docs/scoring.md §4), the unit at which events count and segments are scored. */
export interface RouteSegment {
  index: number;
  /** Which line of a MultiLineString it belongs to. */
  part: number;
  fromKm: number;
  toKm: number;
  lengthKm: number;
  coordinates: [number, number][];
  bbox: BBox;
  /** ISO alpha-2 codes of the territories it passes through, sorted; empty at sea. */
  countries: string[];
}

export interface SegmentOptions {
  /** Target segment length; each line is cut into equal pieces closest to it. Default in MODEL_V1: 25. */
  segmentKm: number;
  /** Country lookups at least this often along a segment. Default in MODEL_V1: 5. */
  countrySampleKm: number;
}

function lines(g: RouteGeometry): readonly (readonly Position[])[] {
  return g.type === 'LineString' ? [g.coordinates] : g.coordinates;
}

function pathLengthKm(path: readonly Position[]): number {
  let sum = 0;
  for (let i = 1; i < path.length; i++) {
    sum += angleBetween(toVec(path[i - 1]![0]!, path[i - 1]![1]!), toVec(path[i]![0]!, path[i]![1]!));
  }
  return sum * EARTH_RADIUS_KM;
}

/** Great-circle length of a LineString or MultiLineString in km. */
export function lineLengthKm(g: RouteGeometry): number {
  return lines(g).reduce((sum, l) => sum + pathLengthKm(l), 0);
}

interface Walk {
  coords: [number, number][];
  vecs: Vec3[];
  /** Distance in km from the start to each vertex. */
  at: number[];
}

function walkOf(path: readonly Position[]): Walk {
  const coords = path.map((p) => [p[0]!, p[1]!] as [number, number]);
  const vecs = coords.map(([lon, lat]) => toVec(lon, lat));
  const at = [0];
  for (let i = 1; i < vecs.length; i++) at.push(at[i - 1]! + angleBetween(vecs[i - 1]!, vecs[i]!) * EARTH_RADIUS_KM);
  return { coords, vecs, at };
}

/** The first vertex index i ≥ 1 with `at[i] ≥ km` (or the last): binary search, the walk is monotone. */
function edgeEndAt(w: Walk, km: number): number {
  let lo = 1;
  let hi = w.at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (w.at[mid]! < km) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The position `km` from the start, interpolated along the great circle of its edge. */
function positionAt(w: Walk, km: number): [number, number] {
  const i = edgeEndAt(w, km);
  const from = w.at[i - 1]!;
  const len = w.at[i]! - from;
  if (len <= 0 || km <= from) return w.coords[i - 1]!;
  if (km >= w.at[i]!) return w.coords[i]!;
  return toLonLat(slerp(w.vecs[i - 1]!, w.vecs[i]!, (km - from) / len));
}

/** The position `km` along a path from its first vertex (clamped to its ends). */
export function positionAlong(path: readonly Position[], km: number): [number, number] {
  return positionAt(walkOf(path), km);
}

function cutPath(w: Walk, startKm: number, endKm: number, isLast: boolean): [number, number][] {
  const out: [number, number][] = [positionAt(w, startKm)];
  // Only the vertices strictly inside (startKm, endKm): found by binary search, not by a scan of the route.
  for (let i = Math.max(0, edgeEndAt(w, startKm) - 1); i < w.at.length && w.at[i]! < endKm; i++) {
    if (w.at[i]! > startKm) out.push(w.coords[i]!);
  }
  out.push(isLast ? w.coords[w.coords.length - 1]! : positionAt(w, endKm));
  return out;
}

/** Split a route into segments of ≈ `segmentKm` each (equal pieces per line), with their boxes and countries. */
export function routeSegments(g: RouteGeometry, options: SegmentOptions): RouteSegment[] {
  const segments: RouteSegment[] = [];
  let offset = 0;
  lines(g).forEach((path, part) => {
    const w = walkOf(path);
    const total = w.at[w.at.length - 1]!;
    const count = Math.max(1, Math.round(total / options.segmentKm));
    for (let k = 0; k < count; k++) {
      const start = (total * k) / count;
      const end = k === count - 1 ? total : (total * (k + 1)) / count;
      const coordinates = cutPath(w, start, end, k === count - 1);
      segments.push({
        index: segments.length,
        part,
        fromKm: offset + start,
        toKm: offset + end,
        lengthKm: end - start,
        coordinates,
        bbox: bboxOfPaths([coordinates]),
        countries: countriesAlong(coordinates, options.countrySampleKm),
      });
    }
    offset += total;
  });
  return segments;
}
