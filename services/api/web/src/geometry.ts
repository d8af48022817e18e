import { angleBetween, EARTH_RADIUS_KM, slerp, toLonLat, toVec, type Vec3 } from '@minerisk/shared/geo/sphere';
import type { LineGeometry, Segment } from './types';

/** A line of a route with the distance from the route's start to each vertex. */
interface Walk {
  coords: [number, number][];
  vecs: Vec3[];
  at: number[];
  offset: number;
  total: number;
}

function walks(g: LineGeometry): Walk[] {
  const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as number[][][];
  let offset = 0;
  return lines.map((line) => {
    const coords = line.map((p) => [p[0]!, p[1]!] as [number, number]);
    const vecs = coords.map(([lon, lat]) => toVec(lon, lat));
    const at = [0];
    for (let i = 1; i < vecs.length; i++) at.push(at[i - 1]! + angleBetween(vecs[i - 1]!, vecs[i]!) * EARTH_RADIUS_KM);
    const w = { coords, vecs, at, offset, total: at[at.length - 1]! };
    offset += w.total;
    return w;
  });
}

function positionAt(w: Walk, km: number): [number, number] {
  let i = 1;
  while (i < w.at.length - 1 && w.at[i]! < km) i++;
  const from = w.at[i - 1]!;
  const len = w.at[i]! - from;
  if (len <= 0 || km <= from) return w.coords[i - 1]!;
  if (km >= w.at[i]!) return w.coords[i]!;
  return toLonLat(slerp(w.vecs[i - 1]!, w.vecs[i]!, (km - from) / len));
}

/**
 * The route's line between each segment's fromKm and toKm, as [lat, lng] for Leaflet: the same
 * great-circle walk as the scoring (docs/scoring.md §4), so each ≈25 km piece is drawn where it was scored.
 */
export function segmentLines(g: LineGeometry, segments: Segment[]): [number, number][][] {
  const ws = walks(g);
  return segments.map((s) => {
    const mid = (s.fromKm + s.toKm) / 2;
    const w = ws.find((x) => mid <= x.offset + x.total) ?? ws[ws.length - 1]!;
    const start = Math.max(0, s.fromKm - w.offset);
    const end = Math.min(w.total, s.toKm - w.offset);
    const out: [number, number][] = [positionAt(w, start)];
    w.at.forEach((km, i) => {
      if (km > start && km < end) out.push(w.coords[i]!);
    });
    out.push(positionAt(w, end));
    return out.map(([lon, lat]) => [lat, lon]);
  });
}

/** The whole route as Leaflet lines ([lat, lng]). */
export function routeLines(g: LineGeometry): [number, number][][] {
  const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as number[][][];
  return lines.map((l) => l.map((p) => [p[1]!, p[0]!] as [number, number]));
}
