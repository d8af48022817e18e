import { angleBetween, cross, dot, length, normalize, type Vec3 } from './sphere';

/**
 * A great-circle arc (shorter than half the globe) prepared for repeated distance tests:
 * `n` is its unit normal, `fromA` and `fromB` span the lune of points whose projection falls on the arc.
 */
export interface Arc {
  a: Vec3;
  b: Vec3;
  /** null when a and b coincide: the arc is a point. */
  n: Vec3 | null;
  fromA: Vec3;
  fromB: Vec3;
}

const ZERO: Vec3 = { x: 0, y: 0, z: 0 };

/**
 * Below this central angle (~6 µm) an arc is treated as a point: the normal of a near-degenerate arc is
 * mostly rounding error (a 2e-13° arc once measured 180 m from its own end point).
 */
export const POINT_ARC_RAD = 1e-12;

export function prepareArc(a: Vec3, b: Vec3): Arc {
  const c = cross(a, b);
  const n = length(c) < POINT_ARC_RAD ? null : normalize(c);
  if (n === null) return { a, b, n: null, fromA: ZERO, fromB: ZERO };
  return { a, b, n, fromA: cross(n, a), fromB: cross(b, n) };
}

/** Cross-track distance with along-track clamping: to the arc if the foot lies on it, else to the nearer end. */
export function pointToArcRad(p: Vec3, arc: Arc): number {
  if (arc.n !== null && dot(p, arc.fromA) >= 0 && dot(p, arc.fromB) >= 0) {
    const s = Math.abs(dot(p, arc.n));
    return Math.atan2(s, Math.sqrt(Math.max(0, 1 - s * s)));
  }
  return Math.min(angleBetween(p, arc.a), angleBetween(p, arc.b));
}

function onArc(p: Vec3, arc: Arc): boolean {
  return dot(p, arc.fromA) >= 0 && dot(p, arc.fromB) >= 0;
}

/** Whether two arcs cross or touch: their great circles meet at ±X; one of those must lie on both arcs. */
export function arcsIntersect(s: Arc, t: Arc): boolean {
  if (s.n === null || t.n === null) return false;
  const ta = dot(s.n, t.a);
  const tb = dot(s.n, t.b);
  if ((ta > 0 && tb > 0) || (ta < 0 && tb < 0)) return false;
  const sa = dot(t.n, s.a);
  const sb = dot(t.n, s.b);
  if ((sa > 0 && sb > 0) || (sa < 0 && sb < 0)) return false;
  const x = normalize(cross(s.n, t.n));
  // Coplanar arcs: overlapping ones are found by the end-point distances, which are then 0.
  if (x === null) return false;
  const minus = { x: -x.x, y: -x.y, z: -x.z };
  return (onArc(x, s) && onArc(x, t)) || (onArc(minus, s) && onArc(minus, t));
}
