import { LRUCache } from 'lru-cache';
import { lineShape, type Shape } from '../geo/shape';
import { simplifyRadial } from '../geo/simplify';
import { ROUTE_MATCH_TOLERANCE_KM, segmentCoordinates, type PreparedRoute, type PreparedSegment } from './prepare';

/**
 * Segment shapes kept at once. Only events that are not points (areas, lines) need a segment's full shape
 * (its vertices and arcs as objects, ~1–2 KB); point events, the bulk of every feed, are measured against
 * the route's packed vectors (see pointToPolylineRad) and need none. Bounded so that memory does not grow
 * with the portfolio: 400,000 kept shapes of every site, segment and endpoint were ~1 GB of the scoring
 * thread's heap at 100,000 sites and 20,000 routes.
 */
const SHAPES_KEPT = 20_000;

/** Exact-distance shapes of segments, built on first use, the least recently used dropped beyond SHAPES_KEPT. */
const shapes = new LRUCache<PreparedSegment, Shape>({ max: SHAPES_KEPT });

export function segmentShape(r: PreparedRoute, i: number): Shape {
  const key = r.segments[i]!;
  let shape = shapes.get(key);
  if (shape === undefined) {
    shape = lineShape(simplifyRadial(segmentCoordinates(r, i), ROUTE_MATCH_TOLERANCE_KM));
    shapes.set(key, shape);
  }
  return shape;
}
