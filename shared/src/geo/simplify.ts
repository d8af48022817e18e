import { angleBetween, EARTH_RADIUS_KM, toVec } from './sphere';

type Position = readonly number[];

/**
 * Radial-distance simplification of a polyline, O(n): a vertex is dropped when it lies within
 * `toleranceKm` of the last vertex kept; the first and last vertices are always kept. The result stays
 * within `toleranceKm` of the original and the original within `toleranceKm` of the result (Hausdorff
 * distance ≤ tolerance): every dropped run lies in the tolerance ball of the vertex before it, and the edge
 * leaving the run is within tolerance of the edge that replaces it. So any distance measured to the
 * simplified line differs from the distance to the original by at most `toleranceKm`; and consecutive
 * kept vertices are more than `toleranceKm` apart, so a path of L km keeps at most L / tolerance + 2.
 */
export function simplifyRadial<P extends Position>(path: readonly P[], toleranceKm: number): P[] {
  if (path.length <= 2 || toleranceKm <= 0) return [...path];
  const tolRad = toleranceKm / EARTH_RADIUS_KM;
  const out: P[] = [path[0]!];
  let anchor = toVec(path[0]![0]!, path[0]![1]!);
  for (let i = 1; i < path.length - 1; i++) {
    const v = toVec(path[i]![0]!, path[i]![1]!);
    if (angleBetween(anchor, v) > tolRad) {
      out.push(path[i]!);
      anchor = v;
    }
  }
  out.push(path[path.length - 1]!);
  return out;
}
