import { lineShape, pointShape, type Shape } from '../geo/shape';
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

export function segmentShape(r: PreparedRoute, i: number, shapes: (Shape | undefined)[] = segmentShapesOf(r)): Shape {
  return (shapes[i] ??= lineShape(r.segments[i]!.coordinates));
}

export function endpointShape(e: RouteEndpoint): Shape {
  let shape = endpointShapes.get(e);
  if (shape === undefined) endpointShapes.set(e, (shape = pointShape(e.lon, e.lat)));
  return shape;
}
