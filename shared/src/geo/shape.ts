// @ts-expect-error TS1479: flatbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import Flatbush from 'flatbush';
import type { BBox, EventGeometry } from '../domain/geo';
import { arcsIntersect, pointToArcRad, prepareArc, type Arc } from './arc';
import { arcBox, arcsNear, buildArcIndex, type ArcIndex } from './arcIndex';
import { bboxesIntersect, bboxOfGeometry, bboxOfPaths, expandBBoxKm, plainBoxes } from './bbox';
import { polygonContains, preparePolygon, type PreparedPolygon } from './polygon';
import { angleBetween, EARTH_RADIUS_KM, toVec, type Vec3 } from './sphere';

type Position = readonly number[];

/**
 * Any geometry prepared once for many exact distance tests: its vertices, its edges as great-circle arcs,
 * its areas (distance 0 inside), and its box. Large shapes also get, on first use, an R-tree of their edges
 * and of their polygons, so that a test between two large shapes is near-linear (see shapeDistanceRad).
 */
export interface Shape {
  lonLats: [number, number][];
  points: Vec3[];
  arcs: Arc[];
  /** [lon, lat] of each arc's two ends, 4 numbers per arc. */
  arcEnds: Float64Array;
  polygons: PreparedPolygon[];
  bbox: BBox;
  /** Built on first indexed use. */
  arcBoxes?: BBox[];
  arcIndex?: ArcIndex;
  vertexIndex?: Flatbush;
  polygonIndex?: Flatbush;
  cap?: BoundingCap;
}

/** A spherical cap holding a whole shape: a centre and an angular radius (radians). */
export interface BoundingCap {
  center: Shape;
  radiusRad: number;
}

function fromPaths(paths: readonly (readonly Position[])[], polygons: PreparedPolygon[], bbox: BBox): Shape {
  const lonLats: [number, number][] = [];
  const points: Vec3[] = [];
  const arcs: Arc[] = [];
  const ends: number[] = [];
  for (const path of paths) {
    let prev: Vec3 | null = null;
    for (let i = 0; i < path.length; i++) {
      const lon = path[i]![0]!;
      const lat = path[i]![1]!;
      const v = toVec(lon, lat);
      lonLats.push([lon, lat]);
      points.push(v);
      if (prev !== null) {
        arcs.push(prepareArc(prev, v));
        ends.push(path[i - 1]![0]!, path[i - 1]![1]!, lon, lat);
      }
      prev = v;
    }
  }
  return { lonLats, points, arcs, arcEnds: Float64Array.from(ends), polygons, bbox };
}

export function pointShape(lon: number, lat: number): Shape {
  return {
    lonLats: [[lon, lat]],
    points: [toVec(lon, lat)],
    arcs: [],
    arcEnds: new Float64Array(0),
    polygons: [],
    bbox: [lon, lat, lon, lat],
  };
}

/** A polyline (e.g. one route segment). */
export function lineShape(coordinates: readonly Position[]): Shape {
  return fromPaths([coordinates], [], bboxOfPaths([coordinates]));
}

export function geometryShape(g: EventGeometry): Shape {
  const bbox = bboxOfGeometry(g);
  switch (g.type) {
    case 'Point':
      return pointShape(g.coordinates[0], g.coordinates[1]);
    case 'Polygon':
      return fromPaths(g.coordinates, [preparePolygon(g.coordinates)], bbox);
    case 'MultiPolygon':
      return fromPaths(g.coordinates.flat(), g.coordinates.map(preparePolygon), bbox);
  }
}

/** Below this many vertex × edge tests the plain loops beat building and querying an index. */
const BRUTE_FORCE_WORK = 4096;
/** A MultiPolygon with more parts than this finds the parts under a point through an R-tree. */
const POLYGON_INDEX_MIN = 8;

function arcBoxesOf(s: Shape): BBox[] {
  const e = s.arcEnds;
  return (s.arcBoxes ??= s.arcs.map((arc, i) => arcBox(arc, [e[i * 4]!, e[i * 4 + 1]!], [e[i * 4 + 2]!, e[i * 4 + 3]!])));
}

function arcIndexOf(s: Shape): ArcIndex {
  return (s.arcIndex ??= buildArcIndex(arcBoxesOf(s)));
}

/** The vertices of `s` inside a box (through an R-tree of them for large shapes). */
function verticesIn(s: Shape, box: BBox, visit: (i: number) => void): void {
  if (s.points.length <= POLYGON_INDEX_MIN * 8) {
    for (let i = 0; i < s.lonLats.length; i++) {
      const [lon, lat] = s.lonLats[i]!;
      if (bboxesIntersect(box, [lon, lat, lon, lat])) visit(i);
    }
    return;
  }
  if (s.vertexIndex === undefined) {
    const tree = new Flatbush(s.lonLats.length);
    for (const [lon, lat] of s.lonLats) tree.add(lon, lat, lon, lat);
    tree.finish();
    s.vertexIndex = tree;
  }
  for (const [w, so, e, n] of plainBoxes(box)) for (const i of s.vertexIndex.search(w, so, e, n) as number[]) visit(i);
}

function polygonIndexOf(s: Shape): Flatbush {
  if (s.polygonIndex === undefined) {
    const tree = new Flatbush(s.polygons.length);
    for (const p of s.polygons) tree.add(p.box[0], p.box[1], p.box[2], p.box[3]);
    tree.finish();
    s.polygonIndex = tree;
  }
  return s.polygonIndex;
}

function insideAny(areas: Shape, lon: number, lat: number): boolean {
  if (areas.polygons.length <= POLYGON_INDEX_MIN) {
    for (const p of areas.polygons) if (polygonContains(p, lon, lat)) return true;
    return false;
  }
  // Polygon boxes are in unwrapped longitudes (see preparePolygon): look at lon and lon ± 360.
  const tree = polygonIndexOf(areas);
  for (let shift = -360; shift <= 360; shift += 360) {
    for (const i of tree.search(lon + shift, lat, lon + shift, lat) as number[]) {
      if (polygonContains(areas.polygons[i]!, lon, lat)) return true;
    }
  }
  return false;
}

function anyVertexInside(of: Shape, areas: Shape): boolean {
  if (areas.polygons.length === 0) return false;
  for (const [lon, lat] of of.lonLats) if (insideAny(areas, lon, lat)) return true;
  return false;
}

function anyArcsCross(a: Shape, b: Shape): boolean {
  for (let i = 0; i < a.arcs.length; i++)
    for (let j = 0; j < b.arcs.length; j++) if (arcsIntersect(a.arcs[i]!, b.arcs[j]!)) return true;
  return false;
}

/** The arcs of the smaller shape looked up in the R-tree of the larger one's. */
function anyArcsCrossIndexed(a: Shape, b: Shape): boolean {
  if (a.arcs.length === 0 || b.arcs.length === 0) return false;
  const [small, large] = a.arcs.length <= b.arcs.length ? [a, b] : [b, a];
  const index = arcIndexOf(large);
  const boxes = arcBoxesOf(small);
  for (let i = 0; i < small.arcs.length; i++) {
    if (!bboxesIntersect(boxes[i]!, large.bbox)) continue;
    let hit = false;
    arcsNear(index, boxes[i]!, (j) => {
      if (!hit && arcsIntersect(small.arcs[i]!, large.arcs[j]!)) hit = true;
    });
    if (hit) return true;
  }
  return false;
}

function nearestVertexToArcs(points: Vec3[], arcs: Arc[]): number {
  let best = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = 0; j < arcs.length; j++) {
      const d = pointToArcRad(points[i]!, arcs[j]!);
      if (d < best) best = d;
    }
  }
  return best;
}

/**
 * The nearest vertex-of-`from` to edge-of-`to` distance if it is below `best`, else `best`. Only vertices
 * within the search radius of `to`'s box are looked at. A first pass takes each one's nearest edge in the
 * plane (one R-tree descent), which gives a tight upper bound; the exact pass then looks, per vertex, only
 * at the edges whose boxes touch its box grown by that bound. Exact: the edge that attains the minimum is
 * always within the box searched; the first pass only measures real distances, so it can only tighten.
 */
function nearestIndexed(from: Shape, to: Shape, best: number, maxRad: number): number {
  if (to.arcs.length === 0) return best;
  const index = arcIndexOf(to);
  const candidates: number[] = [];
  verticesIn(from, expandBBoxKm(to.bbox, Math.min(best, maxRad) * EARTH_RADIUS_KM), (i) => candidates.push(i));
  for (const i of candidates) {
    const [lon, lat] = from.lonLats[i]!;
    const [entry] = index.tree.neighbors(lon, lat, 1) as number[];
    if (entry === undefined) continue;
    const d = pointToArcRad(from.points[i]!, to.arcs[index.arcOf[entry]!]!);
    if (d < best) best = d;
  }
  for (const i of candidates) {
    const p = from.points[i]!;
    const [lon, lat] = from.lonLats[i]!;
    arcsNear(index, expandBBoxKm([lon, lat, lon, lat], Math.min(best, maxRad) * EARTH_RADIUS_KM), (j) => {
      const d = pointToArcRad(p, to.arcs[j]!);
      if (d < best) best = d;
    });
  }
  return best;
}

/** Every vertex against every edge: the reference the indexed path must agree with (and the fast path for small shapes). */
export function bruteForceDistanceRad(a: Shape, b: Shape): number {
  if (anyVertexInside(a, b) || anyVertexInside(b, a) || anyArcsCross(a, b)) return 0;
  let best = Math.min(nearestVertexToArcs(a.points, b.arcs), nearestVertexToArcs(b.points, a.arcs));
  if (a.arcs.length === 0 && b.arcs.length === 0) {
    for (const p of a.points) for (const q of b.points) best = Math.min(best, angleBetween(p, q));
  }
  return best;
}

/**
 * Exact distance between two shapes in radians: 0 if one lies in the other's area or their edges cross;
 * otherwise the nearest vertex-to-edge (or vertex-to-vertex) distance, which is where arcs that do not
 * cross come closest.
 *
 * `maxRad` (default: none) is a promise by the caller that it only needs distances up to it: the answer is
 * exact when the distance is at most `maxRad`, and some number above `maxRad` otherwise. Large shapes are
 * measured through their edge R-trees (the work grows with the vertices, not with vertices × edges).
 */
export function shapeDistanceRad(a: Shape, b: Shape, maxRad = Infinity): number {
  // Point to point, the commonest case (a site and an incident), without the general machinery.
  if (a.points.length === 1 && b.points.length === 1 && a.polygons.length === 0 && b.polygons.length === 0) {
    return angleBetween(a.points[0]!, b.points[0]!);
  }
  const work = a.points.length * b.arcs.length + b.points.length * a.arcs.length;
  if (work <= BRUTE_FORCE_WORK) return bruteForceDistanceRad(a, b);
  if (anyVertexInside(a, b) || anyVertexInside(b, a) || anyArcsCrossIndexed(a, b)) return 0;
  // Any real vertex-to-vertex distance bounds the answer from above: start the shrinking search from it.
  let best = angleBetween(a.points[0]!, b.points[0]!);
  best = nearestIndexed(a, b, best, maxRad);
  best = nearestIndexed(b, a, best, maxRad);
  return best <= maxRad ? best : Infinity;
}

/**
 * A cap around a line or point shape (built once): the normalized mean of its vertices and the largest
 * angle to one of them. Caps under a hemisphere are convex, so the arcs between the vertices lie inside
 * too, and `distance(centre, x) − radius` is a lower bound of the shape's distance to anything.
 */
export function boundingCap(s: Shape): BoundingCap {
  if (s.cap === undefined) {
    let x = 0;
    let y = 0;
    let z = 0;
    for (const p of s.points) {
      x += p.x;
      y += p.y;
      z += p.z;
    }
    const len = Math.sqrt(x * x + y * y + z * z);
    const c = len > 1e-9 ? { x: x / len, y: y / len, z: z / len } : s.points[0]!;
    let radiusRad = 0;
    for (const p of s.points) radiusRad = Math.max(radiusRad, angleBetween(c, p));
    const [lon, lat] = [
      Math.atan2(c.y, c.x) * (180 / Math.PI),
      Math.atan2(c.z, Math.sqrt(c.x * c.x + c.y * c.y)) * (180 / Math.PI),
    ];
    // Beyond a quarter of the globe the cap is no use as a bound (and may not be convex): make it vacuous.
    s.cap = { center: pointShape(lon, lat), radiusRad: radiusRad < Math.PI / 2 ? radiusRad : Infinity };
  }
  return s.cap;
}

export function shapeDistanceKm(a: Shape, b: Shape, maxKm = Infinity): number {
  return shapeDistanceRad(a, b, maxKm / EARTH_RADIUS_KM) * EARTH_RADIUS_KM;
}
