import type { BBox, EventGeometry } from '../domain/geo';
import { arcsIntersect, pointToArcRad, prepareArc, type Arc } from './arc';
import { bboxOfGeometry, bboxOfPaths } from './bbox';
import { polygonContains, preparePolygon, type PreparedPolygon } from './polygon';
import { angleBetween, EARTH_RADIUS_KM, toVec, type Vec3 } from './sphere';

type Position = readonly number[];

/**
 * Any geometry prepared once for many exact distance tests: its vertices, its edges as great-circle arcs,
 * its areas (distance 0 inside), and its box.
 */
export interface Shape {
  lonLats: [number, number][];
  points: Vec3[];
  arcs: Arc[];
  polygons: PreparedPolygon[];
  bbox: BBox;
}

function pathArcs(path: readonly Position[]): Arc[] {
  const arcs: Arc[] = [];
  for (let i = 1; i < path.length; i++) {
    arcs.push(prepareArc(toVec(path[i - 1]![0]!, path[i - 1]![1]!), toVec(path[i]![0]!, path[i]![1]!)));
  }
  return arcs;
}

function fromPaths(paths: readonly (readonly Position[])[], polygons: PreparedPolygon[], bbox: BBox): Shape {
  const lonLats = paths.flatMap((p) => p.map((q) => [q[0]!, q[1]!] as [number, number]));
  return {
    lonLats,
    points: lonLats.map(([lon, lat]) => toVec(lon, lat)),
    arcs: paths.flatMap(pathArcs),
    polygons,
    bbox,
  };
}

export function pointShape(lon: number, lat: number): Shape {
  return { lonLats: [[lon, lat]], points: [toVec(lon, lat)], arcs: [], polygons: [], bbox: [lon, lat, lon, lat] };
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

function anyVertexInside(of: Shape, areas: Shape): boolean {
  if (areas.polygons.length === 0) return false;
  for (const [lon, lat] of of.lonLats) for (const p of areas.polygons) if (polygonContains(p, lon, lat)) return true;
  return false;
}

function anyArcsCross(a: Shape, b: Shape): boolean {
  for (let i = 0; i < a.arcs.length; i++)
    for (let j = 0; j < b.arcs.length; j++) if (arcsIntersect(a.arcs[i]!, b.arcs[j]!)) return true;
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
 * Exact distance between two shapes in radians: 0 if one lies in the other's area or their edges cross;
 * otherwise the nearest vertex-to-edge (or vertex-to-vertex) distance, which is where arcs that do not
 * cross come closest.
 */
export function shapeDistanceRad(a: Shape, b: Shape): number {
  // Point to point, the commonest case (a site and an incident), without the general machinery.
  if (a.points.length === 1 && b.points.length === 1 && a.polygons.length === 0 && b.polygons.length === 0) {
    return angleBetween(a.points[0]!, b.points[0]!);
  }
  if (anyVertexInside(a, b) || anyVertexInside(b, a) || anyArcsCross(a, b)) return 0;
  let best = Math.min(nearestVertexToArcs(a.points, b.arcs), nearestVertexToArcs(b.points, a.arcs));
  if (a.arcs.length === 0 && b.arcs.length === 0) {
    for (const p of a.points) for (const q of b.points) best = Math.min(best, angleBetween(p, q));
  }
  return best;
}

export function shapeDistanceKm(a: Shape, b: Shape): number {
  return shapeDistanceRad(a, b) * EARTH_RADIUS_KM;
}
