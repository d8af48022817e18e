/**
 * Unit vectors on the sphere: the one representation that makes every distance antimeridian-safe
 * (a segment from 179°E to 179°W is short because its end points are close in 3-D).
 */
export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** Mean Earth radius (IUGG), the one @turf/distance uses, so figures agree with turf. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

export function toVec(lon: number, lat: number): Vec3 {
  const phi = lat * RAD;
  const lambda = lon * RAD;
  const c = Math.cos(phi);
  return { x: c * Math.cos(lambda), y: c * Math.sin(lambda), z: Math.sin(phi) };
}

/** Back to [longitude, latitude] in degrees, longitude in [-180, 180]. */
export function toLonLat(v: Vec3): [number, number] {
  const lat = Math.atan2(v.z, Math.sqrt(v.x * v.x + v.y * v.y)) / RAD;
  const lon = Math.atan2(v.y, v.x) / RAD;
  return [lon, lat];
}

export function dot(a: Vec3, b: Vec3): number {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return { x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x };
}

/** (Math.hypot is several times slower in V8, and this is on every distance's path.) */
export function length(a: Vec3): number {
  return Math.sqrt(a.x * a.x + a.y * a.y + a.z * a.z);
}

export function scale(a: Vec3, k: number): Vec3 {
  return { x: a.x * k, y: a.y * k, z: a.z * k };
}

/** null for the zero vector (coincident or antipodal end points have no defined great circle). */
export function normalize(a: Vec3): Vec3 | null {
  const n = length(a);
  return n < 1e-15 ? null : scale(a, 1 / n);
}

/** Central angle in radians; atan2 keeps it accurate for tiny and for near-antipodal angles. */
export function angleBetween(a: Vec3, b: Vec3): number {
  const cx = a.y * b.z - a.z * b.y;
  const cy = a.z * b.x - a.x * b.z;
  const cz = a.x * b.y - a.y * b.x;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), a.x * b.x + a.y * b.y + a.z * b.z);
}

/** The point a fraction t of the way from a to b along their great circle. */
export function slerp(a: Vec3, b: Vec3, t: number): Vec3 {
  const omega = angleBetween(a, b);
  if (omega < 1e-12) return a;
  const s = Math.sin(omega);
  const ka = Math.sin((1 - t) * omega) / s;
  const kb = Math.sin(t * omega) / s;
  return { x: ka * a.x + kb * b.x, y: ka * a.y + kb * b.y, z: ka * a.z + kb * b.z };
}

/** Kilometres to a central angle and back. */
export const kmToRad = (km: number): number => km / EARTH_RADIUS_KM;
export const radToKm = (rad: number): number => rad * EARTH_RADIUS_KM;
