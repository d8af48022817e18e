/** Distances and bearings for building and checking test geometry (production measures with geo/shape and geo/arc). */
import type { MultiPolygon, Polygon } from '../../domain/geo';
import { geometryShape, pointShape, shapeDistanceKm } from '../../geo/shape';
import { EARTH_RADIUS_KM } from '../../geo/sphere';

type LonLat = readonly number[];

export { haversineKm, pointToSegmentKm } from '../../geo/greatCircle';

/** Distance from a point to a (multi)polygon in km: 0 inside or on the boundary, else to the nearest edge. */
export function pointToPolygonKm(p: LonLat, polygon: Polygon | MultiPolygon): number {
  return shapeDistanceKm(pointShape(p[0]!, p[1]!), geometryShape(polygon));
}

/** The position `km` from a start on an initial bearing (degrees clockwise from north), on the sphere. */
export function destination(from: LonLat, bearingDeg: number, km: number): [number, number] {
  const rad = Math.PI / 180;
  const d = km / EARTH_RADIUS_KM;
  const phi1 = from[1]! * rad;
  const lambda1 = from[0]! * rad;
  const theta = bearingDeg * rad;
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(theta));
  const lambda2 =
    lambda1 + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
  const lon = ((((lambda2 / rad + 180) % 360) + 360) % 360) - 180;
  return [lon, phi2 / rad];
}

/** Initial great-circle bearing from one position towards another, degrees clockwise from north. */
export function initialBearing(from: LonLat, to: LonLat): number {
  const rad = Math.PI / 180;
  const phi1 = from[1]! * rad;
  const phi2 = to[1]! * rad;
  const dLambda = (to[0]! - from[0]!) * rad;
  const y = Math.sin(dLambda) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
  return (Math.atan2(y, x) / rad + 360) % 360;
}
