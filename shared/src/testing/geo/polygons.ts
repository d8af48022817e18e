/** Polygons for tests: boxes given by their edges in degrees, and squares around a point in kilometres. */
import type { LonLat, Polygon } from '../../domain/geo';
import { destination } from './distance';

/** The closed ring of a box, counter-clockwise from its south-west corner. */
export function boxRing(w: number, s: number, e: number, n: number): LonLat[][] {
  return [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
}

export function boxPolygon(w: number, s: number, e: number, n: number): Polygon {
  return { type: 'Polygon', coordinates: boxRing(w, s, e, n) };
}

/** A square whose sides lie `halfKm` north, south, east and west of the centre. */
export function squareAround(center: [number, number], halfKm: number): Polygon {
  const n = destination(center, 0, halfKm)[1];
  const s = destination(center, 180, halfKm)[1];
  const e = destination(center, 90, halfKm)[0];
  const w = destination(center, 270, halfKm)[0];
  return boxPolygon(w, s, e, n);
}
