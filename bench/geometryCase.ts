/**
 * The largest geometries the API accepts, for the hostile benchmark's geometry row and the hostile tests:
 * a dense route of GEOMETRY_LIMITS.maxRoutePositions vertices that zigzags (so simplification cannot drop
 * them) and an event polygon of GEOMETRY_LIMITS.maxEventPositions vertices a few kilometres from it.
 */
import type { LineString, Polygon } from '@minerisk/shared/domain/geo';
import { destination } from '@minerisk/shared/testing/geo/distance';

/** A road west to east from near Kayes, `positions` vertices `stepKm` apart, zigzagging ±`wiggleKm`. */
export function denseRoute(positions: number, stepKm = 0.1, wiggleKm = 0.05): LineString {
  const start: [number, number] = [-12, 14];
  const coordinates: [number, number][] = [];
  let at = start;
  for (let i = 0; i < positions; i++) {
    const off = destination(at, i % 2 === 0 ? 0 : 180, wiggleKm);
    coordinates.push([off[0], off[1]]);
    at = destination(at, 90, stepKm);
  }
  return { type: 'LineString', coordinates };
}

/** A closed ring of `positions` vertices (the first repeated last) around `center`, `radiusKm` wide. */
export function circlePolygon(center: [number, number], radiusKm: number, positions: number): Polygon {
  const ring: [number, number][] = [];
  for (let i = 0; i < positions - 1; i++) ring.push(destination(center, (360 * i) / (positions - 1), radiusKm));
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}
