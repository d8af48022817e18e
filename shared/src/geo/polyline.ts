import { POINT_ARC_RAD } from './arc';
import { toVec, type Vec3 } from './sphere';

type Position = readonly number[];

/**
 * A polyline's vertices as unit vectors packed [x, y, z, x, y, z, …]: 24 bytes a vertex, where a Shape
 * (an object per vertex and per arc, see shape.ts) costs ~10× that. Held for every route segment of a
 * portfolio, so that the commonest test, a point event against a segment, needs nothing built or cached.
 */
export function packVectors(coordinates: readonly Position[], into: Float64Array, at: number): number {
  for (const c of coordinates) {
    const v = toVec(c[0]!, c[1]!);
    into[at++] = v.x;
    into[at++] = v.y;
    into[at++] = v.z;
  }
  return at;
}

/** Central angle from p to vertex i of `v` (angleBetween with the same operand order). */
function angleTo(p: Vec3, v: Float64Array, i: number): number {
  const bx = v[i * 3]!;
  const by = v[i * 3 + 1]!;
  const bz = v[i * 3 + 2]!;
  const cx = p.y * bz - p.z * by;
  const cy = p.z * bx - p.x * bz;
  const cz = p.x * by - p.y * bx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), p.x * bx + p.y * by + p.z * bz);
}

/**
 * Exact distance in radians from a point to the polyline of vertices [from, to) of `v`, without allocating:
 * the same number, to the last bit, as `bruteForceDistanceRad(lineShape(vertices), pointShape(p))` (the path
 * shapeDistanceRad takes for up to 4,096 edges): prepareArc and pointToArcRad on each edge, computed in
 * place with the same operations in the same order.
 */
export function pointToPolylineRad(p: Vec3, v: Float64Array, from: number, to: number): number {
  // A one-vertex line against a point: shapeDistanceRad's point-to-point case (angleBetween is symmetric).
  if (to - from === 1) return angleTo(p, v, from);
  let best = Infinity;
  for (let i = from; i + 1 < to; i++) {
    const ax = v[i * 3]!;
    const ay = v[i * 3 + 1]!;
    const az = v[i * 3 + 2]!;
    const bx = v[i * 3 + 3]!;
    const by = v[i * 3 + 4]!;
    const bz = v[i * 3 + 5]!;
    // n = normalize(cross(a, b)) as prepareArc takes it; fromA = cross(n, a), fromB = cross(b, n).
    const cx = ay * bz - az * by;
    const cy = az * bx - ax * bz;
    const cz = ax * by - ay * bx;
    const len = Math.sqrt(cx * cx + cy * cy + cz * cz);
    // Set (to an angle ≥ 0) when the foot of p lies on the arc; else the nearer end counts.
    let d = -1;
    if (len >= POINT_ARC_RAD) {
      const k = 1 / len;
      const nx = cx * k;
      const ny = cy * k;
      const nz = cz * k;
      const fromA = p.x * (ny * az - nz * ay) + p.y * (nz * ax - nx * az) + p.z * (nx * ay - ny * ax);
      const fromB = p.x * (by * nz - bz * ny) + p.y * (bz * nx - bx * nz) + p.z * (bx * ny - by * nx);
      if (fromA >= 0 && fromB >= 0) {
        const s = Math.abs(p.x * nx + p.y * ny + p.z * nz);
        d = Math.atan2(s, Math.sqrt(Math.max(0, 1 - s * s)));
      }
    }
    if (d < 0) d = Math.min(angleTo(p, v, i), angleTo(p, v, i + 1));
    if (d < best) best = d;
  }
  return best;
}
