import { LRUCache } from 'lru-cache';
import { lineShape, pointShape, type Shape } from '../geo/shape';
import { simplifyRadial } from '../geo/simplify';
import { segmentCoordinates, type PreparedRoute, type PreparedSegment, type PreparedSite, type RouteEndpoint } from './prepare';

/**
 * Shapes kept at once. A segment's shape (its vertices and arcs as 3-vectors) weighs ~1–2 KB, kept for every
 * subject an event ever came near. Bounded so that memory does not grow without limit with the portfolio;
 * large, because a shape rebuilt on every match costs more than it saves: with 50,000 kept, a 5,000-event
 * burst over 100,000 sites and 20,000 routes (~365,000 segments) spent most of its flushes rebuilding them.
 */
const SHAPES_KEPT = 400_000;

/** Exact-distance shapes of subjects, built on first use, the least recently used dropped beyond SHAPES_KEPT. */
const shapes = new LRUCache<PreparedSite | PreparedSegment | RouteEndpoint, Shape>({ max: SHAPES_KEPT });

function cached(key: PreparedSite | PreparedSegment | RouteEndpoint, build: () => Shape): Shape {
  let shape = shapes.get(key);
  if (shape === undefined) shapes.set(key, (shape = build()));
  return shape;
}

export function siteShape(s: PreparedSite): Shape {
  return cached(s, () => pointShape(s.lon, s.lat));
}

/**
 * How far a route's matching shape may stray from its stored geometry (docs/limits.md): a segment's
 * vertices closer than this to the previous one kept are dropped (simplifyRadial), so every distance from
 * an event to a route is within 10 m of the exact one, and a 25 km segment has at most ~2,500 vertices
 * to test however densely it was drawn.
 */
export const ROUTE_MATCH_TOLERANCE_KM = 0.01;

export function segmentShape(r: PreparedRoute, i: number): Shape {
  return cached(r.segments[i]!, () => lineShape(simplifyRadial(segmentCoordinates(r, i), ROUTE_MATCH_TOLERANCE_KM)));
}

export function endpointShape(e: RouteEndpoint): Shape {
  return cached(e, () => pointShape(e.lon, e.lat));
}
