import { lineShape, pointShape, type Shape } from '../geo/shape';
import { simplifyRadial } from '../geo/simplify';
import type { PreparedRoute, PreparedSite, RouteEndpoint } from './prepare';

/**
 * Exact-distance shapes of subjects, built on first use and kept while the subject lives: a portfolio of
 * 100,000 sites and 10,000 routes only pays for the shapes events actually come near. A route keeps one
 * array for all its segments (one lookup per route on the matching path, not one per segment).
 */
const siteShapes = new WeakMap<PreparedSite, Shape>();
const segmentShapes = new WeakMap<PreparedRoute, (Shape | undefined)[]>();
const endpointShapes = new WeakMap<RouteEndpoint, Shape>();

export function siteShape(s: PreparedSite): Shape {
  let shape = siteShapes.get(s);
  if (shape === undefined) siteShapes.set(s, (shape = pointShape(s.lon, s.lat)));
  return shape;
}

/** The shapes of a route's segments, filled in as they are needed. */
export function segmentShapesOf(r: PreparedRoute): (Shape | undefined)[] {
  let shapes = segmentShapes.get(r);
  if (shapes === undefined) segmentShapes.set(r, (shapes = new Array<Shape | undefined>(r.segments.length)));
  return shapes;
}

/**
 * How far a route's matching shape may stray from its stored geometry (docs/limits.md): a segment's
 * vertices closer than this to the previous one kept are dropped (simplifyRadial), so every distance from
 * an event to a route is within 10 m of the exact one, and a 25 km segment has at most ~2,500 vertices
 * to test however densely it was drawn.
 */
export const ROUTE_MATCH_TOLERANCE_KM = 0.01;

export function segmentShape(r: PreparedRoute, i: number, shapes: (Shape | undefined)[] = segmentShapesOf(r)): Shape {
  return (shapes[i] ??= lineShape(simplifyRadial(r.segments[i]!.coordinates, ROUTE_MATCH_TOLERANCE_KM)));
}

export function endpointShape(e: RouteEndpoint): Shape {
  let shape = endpointShapes.get(e);
  if (shape === undefined) endpointShapes.set(e, (shape = pointShape(e.lon, e.lat)));
  return shape;
}
