/** Great-circle distances between [lon, lat] positions, for tools that measure plain points (the backtest). */
import { pointToArcRad, prepareArc } from './arc';
import { angleBetween, EARTH_RADIUS_KM, toVec } from './sphere';

type LonLat = readonly number[];

/** Great-circle (haversine-equivalent) distance between two [lon, lat] positions, in km. */
export function haversineKm(a: LonLat, b: LonLat): number {
  return angleBetween(toVec(a[0]!, a[1]!), toVec(b[0]!, b[1]!)) * EARTH_RADIUS_KM;
}

/** Distance from a point to the great-circle segment a–b, in km (cross-track, clamped to the ends). */
export function pointToSegmentKm(p: LonLat, a: LonLat, b: LonLat): number {
  const arc = prepareArc(toVec(a[0]!, a[1]!), toVec(b[0]!, b[1]!));
  return pointToArcRad(toVec(p[0]!, p[1]!), arc) * EARTH_RADIUS_KM;
}
