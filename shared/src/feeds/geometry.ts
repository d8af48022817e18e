import type { EventGeometry, LonLat, Point } from '../domain';
import { EARTH_RADIUS_KM } from '../geo/sphere';

/** A malformed coordinate in one item: that item is rejected with this message. */
export class ItemGeometryError extends Error {}

type Ring = LonLat[];
const RAD = Math.PI / 180;

function lonLat(lat: number, lon: number, where: string): [number, number] {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
    throw new ItemGeometryError(`${where}: coordinate out of range (lat ${lat}, lon ${lon})`);
  }
  return [lon, lat];
}

/** A point from latitude and longitude, checked. */
export function pointOf(lat: number, lon: number, where: string): Point {
  return { type: 'Point', coordinates: lonLat(lat, lon, where) };
}

function pair(token: string, where: string): [number, number] {
  const [a, b, ...rest] = token.split(',');
  if (a === undefined || b === undefined || rest.length > 0 || a.trim() === '' || b.trim() === '') {
    throw new ItemGeometryError(`${where}: "${token.slice(0, 40)}" is not a "lat,lon" pair`);
  }
  return lonLat(Number(a), Number(b), where);
}

/**
 * CAP 1.2 §3.3.2.2 `<polygon>`: space-separated `lat,lon` pairs, first equal to last. Returns a GeoJSON
 * ring of `[lon, lat]`; repeated consecutive vertices are dropped and an unclosed ring is closed.
 * Null for an empty element.
 */
export function capPolygonRing(s: string, where = 'area.polygon'): Ring | null {
  const tokens = s
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (tokens.length === 0) return null;
  const ring: Ring = [];
  for (const t of tokens) {
    const p = pair(t, where);
    const last = ring[ring.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  if (ring.length < 4) throw new ItemGeometryError(`${where}: a polygon needs at least 3 distinct vertices`);
  return ring;
}

export interface Circle {
  center: [number, number];
  radiusKm: number;
}

/** CAP 1.2 §3.3.2.3 `<circle>`: `lat,lon radius` with the radius in kilometres. Null when empty. */
export function capCircle(s: string, where = 'area.circle'): Circle | null {
  const tokens = s
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (tokens.length === 0) return null;
  if (tokens.length !== 2) throw new ItemGeometryError(`${where}: expected "lat,lon radius", got "${s.slice(0, 60)}"`);
  const center = pair(tokens[0]!, where);
  const radiusKm = Number(tokens[1]);
  if (!Number.isFinite(radiusKm) || radiusKm < 0 || radiusKm > 20_000) {
    throw new ItemGeometryError(`${where}: radius "${tokens[1]}" is not a distance in km`);
  }
  return { center, radiusKm };
}

/** The point at a distance and initial bearing from a centre, on the sphere. */
function destination([lon, lat]: [number, number], distanceKm: number, bearingRad: number): [number, number] {
  const d = distanceKm / EARTH_RADIUS_KM;
  const phi1 = lat * RAD;
  const lambda1 = lon * RAD;
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(bearingRad));
  const lambda2 =
    lambda1 + Math.atan2(Math.sin(bearingRad) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
  const lonDeg = ((((lambda2 / RAD + 540) % 360) + 360) % 360) - 180;
  return [round6(lonDeg), round6(phi2 / RAD)];
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** docs/scoring.md §1: a circle becomes a polygon (here 32 vertices, under 0.5 % short of the true area). */
export function circleRing(c: Circle, vertices = 32): Ring {
  const ring: Ring = [];
  for (let i = 0; i < vertices; i++) ring.push(destination(c.center, c.radiusKm, (2 * Math.PI * i) / vertices));
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

function ringKey(r: Ring): string {
  return r.map((p) => `${p[0]},${p[1]}`).join(' ');
}

/** Rings (each a one-ring polygon) as one geometry: a Polygon, or a MultiPolygon when several differ. */
export function polygonsGeometry(rings: Ring[]): EventGeometry | null {
  const seen = new Set<string>();
  const unique: Ring[] = [];
  for (const r of rings) {
    const k = ringKey(r);
    if (!seen.has(k)) {
      seen.add(k);
      unique.push(r);
    }
  }
  if (unique.length === 0) return null;
  if (unique.length === 1) return { type: 'Polygon', coordinates: [unique[0]!] };
  return { type: 'MultiPolygon', coordinates: unique.map((r) => [r]) };
}

/** Equivalent radius of an area in km² (a disc of the same area): for hazards reported by extent. */
export function radiusOfAreaKm(areaKm2: number): number {
  return Math.sqrt(Math.max(0, areaKm2) / Math.PI);
}
