// @ts-expect-error TS1479: flatbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import Flatbush from 'flatbush';
// @ts-expect-error TS1479: rbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import RBush from 'rbush';
import type { MultiPolygon, Polygon, RouteGeometry } from '../domain/geo';
import { bboxOfGeometry, bboxOfPaths, plainBoxes } from './bbox';
import { lonStep } from './lonInterval';
import { preparePolygon, type PreparedPolygon } from './polygon';
import { angleBetween, EARTH_RADIUS_KM, slerp, toLonLat, toVec } from './sphere';

/** A route as the closure index needs it. */
export interface ClosableRoute {
  id: string;
  geometry: RouteGeometry;
}

export interface RouteClosureIndexOptions {
  /**
   * Length of the pieces a route is indexed by, and the longest edge kept: longer edges are cut along their
   * great circle, so that treating an edge as straight in longitude/latitude (as polygons are) errs by metres.
   * Default 25.
   */
  chunkKm: number;
}

type Pos = [number, number];

/** ≈ chunkKm of one route: consecutive positions and the great-circle length of each edge. */
interface Chunk {
  routeId: string;
  coords: Pos[];
  edgeKm: number[];
}

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  chunk: Chunk;
}

/** One polygon of the area in its unwrapped frame (docs: geo/polygon), with an index of its ring edges. */
interface AreaPart {
  poly: PreparedPolygon;
  /** Edges as [ax, ay, bx, by], in the order of `edges`' index. */
  edges: Float64Array;
  tree: Flatbush | null;
}

const SHIFTS = [0, -360, 360];
const BOX_PAD = 1e-9;

function distanceKm(a: Pos, b: Pos): number {
  return angleBetween(toVec(a[0], a[1]), toVec(b[0], b[1])) * EARTH_RADIUS_KM;
}

/** The path with every edge longer than maxKm cut into equal pieces along its great circle. */
function densify(path: readonly (readonly number[])[], maxKm: number): Pos[] {
  const out: Pos[] = [[path[0]![0]!, path[0]![1]!]];
  for (let i = 1; i < path.length; i++) {
    const a: Pos = [path[i - 1]![0]!, path[i - 1]![1]!];
    const b: Pos = [path[i]![0]!, path[i]![1]!];
    const n = Math.ceil(distanceKm(a, b) / maxKm);
    if (n > 1) {
      const va = toVec(a[0], a[1]);
      const vb = toVec(b[0], b[1]);
      for (let k = 1; k < n; k++) out.push(toLonLat(slerp(va, vb, k / n)));
    }
    out.push(b);
  }
  return out;
}

function chunksOf(route: ClosableRoute, chunkKm: number): Chunk[] {
  const paths = route.geometry.type === 'LineString' ? [route.geometry.coordinates] : route.geometry.coordinates;
  const chunks: Chunk[] = [];
  for (const path of paths) {
    const pts = densify(path, chunkKm);
    let coords: Pos[] = [pts[0]!];
    let edgeKm: number[] = [];
    let km = 0;
    for (let i = 1; i < pts.length; i++) {
      const d = distanceKm(pts[i - 1]!, pts[i]!);
      coords.push(pts[i]!);
      edgeKm.push(d);
      km += d;
      if (km >= chunkKm || i === pts.length - 1) {
        chunks.push({ routeId: route.id, coords, edgeKm });
        coords = [pts[i]!];
        edgeKm = [];
        km = 0;
      }
    }
  }
  return chunks;
}

function prepareArea(area: Polygon | MultiPolygon): AreaPart[] {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.map((rings) => {
    const poly = preparePolygon(rings);
    const count = poly.geometry.coordinates.reduce((n, r) => n + r.length - 1, 0);
    const edges = new Float64Array(4 * count);
    const tree = count > 0 ? new Flatbush(count) : null;
    let k = 0;
    for (const ring of poly.geometry.coordinates)
      for (let i = 1; i < ring.length; i++) {
        const [ax, ay] = ring[i - 1]!;
        const [bx, by] = ring[i]!;
        edges.set([ax, ay, bx, by], 4 * k++);
        tree!.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      }
    tree?.finish();
    return { poly, edges, tree };
  });
}

/** Even–odd rule over every ring (holes included), counting edges crossed by the ray east of the point. */
function partContains(part: AreaPart, x: number, y: number): boolean {
  const [w, s, e, n] = part.poly.box;
  if (part.tree === null || y < s || y > n) return false;
  for (const shift of SHIFTS) {
    const px = x + shift;
    if (px < w || px > e) continue;
    let inside = false;
    for (const k of part.tree.search(px, y, e, y)) {
      const ay = part.edges[4 * k + 1]!;
      const by = part.edges[4 * k + 3]!;
      if (ay > y === by > y) continue;
      const ax = part.edges[4 * k]!;
      const bx = part.edges[4 * k + 2]!;
      if (px < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}

/**
 * Where the straight edge p→q (in lon/lat) meets the area's ring edges: parameters t in [0, 1] appended to
 * `ts` (collinear overlaps give both ends). Returns whether it meets any (a touch counts).
 */
function crossings(parts: readonly AreaPart[], px: number, py: number, qx: number, qy: number, ts: number[]): boolean {
  const dx = qx - px;
  const dy = qy - py;
  const rr = dx * dx + dy * dy;
  let met = false;
  for (const part of parts) {
    if (part.tree === null) continue;
    const [w, s, e, n] = part.poly.box;
    if (Math.max(py, qy) < s || Math.min(py, qy) > n) continue;
    for (const shift of SHIFTS) {
      const x0 = px + shift;
      const x1 = qx + shift;
      if (Math.max(x0, x1) < w || Math.min(x0, x1) > e) continue;
      for (const k of part.tree.search(Math.min(x0, x1), Math.min(py, qy), Math.max(x0, x1), Math.max(py, qy))) {
        const ax = part.edges[4 * k]! - shift;
        const ay = part.edges[4 * k + 1]!;
        const ex = part.edges[4 * k + 2]! - shift - ax;
        const ey = part.edges[4 * k + 3]! - ay;
        const denom = dx * ey - dy * ex;
        const wx = ax - px;
        const wy = ay - py;
        const cross = wx * dy - wy * dx;
        const scaleTol = 1e-12 * Math.sqrt(rr * (ex * ex + ey * ey));
        if (Math.abs(denom) <= scaleTol) {
          // Parallel: only a collinear overlap meets.
          if (Math.abs(cross) > 1e-12 * Math.sqrt(rr * (wx * wx + wy * wy)) + 1e-15) continue;
          const ta = (wx * dx + wy * dy) / rr;
          const tb = ((wx + ex) * dx + (wy + ey) * dy) / rr;
          const lo = Math.max(0, Math.min(ta, tb));
          const hi = Math.min(1, Math.max(ta, tb));
          if (lo > hi) continue;
          ts.push(lo, hi);
          met = true;
          continue;
        }
        const t = (wx * ey - wy * ex) / denom;
        const u = cross / denom;
        const eps = 1e-12;
        if (t < -eps || t > 1 + eps || u < -eps || u > 1 + eps) continue;
        ts.push(Math.min(1, Math.max(0, t)));
        met = true;
      }
    }
  }
  return met;
}

/** `lon` unwrapped to within 180° of `prev`; unchanged (bit for bit) unless the edge crosses the antimeridian. */
function unwrapAfter(prev: number, lon: number): number {
  return Math.abs(lon - prev) <= 180 ? lon : prev + lonStep(prev, lon);
}

function inArea(parts: readonly AreaPart[], x: number, y: number): boolean {
  return parts.some((p) => partContains(p, x, y));
}

/**
 * Which routes an area (a Polygon or MultiPolygon, e.g. a region to close in a what-if) meets, and how many
 * km of each lie inside it (docs/api.md, what-if). Routes are indexed once by ≈ chunkKm pieces in an R-tree
 * (antimeridian-safe boxes); a query builds an index of the area's ring edges and clips only the pieces
 * whose boxes meet the area's. Polygons are planar in longitude/latitude as everywhere in this repo
 * (RFC 7946, turf); lengths are great-circle km.
 */
export class RouteClosureIndex {
  private readonly tree = new RBush<Entry>();
  private readonly byRoute = new Map<string, Entry[]>();
  private readonly chunkKm: number;

  constructor(routes: Iterable<ClosableRoute> = [], options: Partial<RouteClosureIndexOptions> = {}) {
    this.chunkKm = options.chunkKm ?? 25;
    const latest = new Map<string, ClosableRoute>();
    for (const r of routes) latest.set(r.id, r);
    // Bulk loading packs the tree better than one insert per piece.
    this.tree.load([...latest.values()].flatMap((r) => this.entriesOf(r)));
  }

  get size(): number {
    return this.byRoute.size;
  }

  has(routeId: string): boolean {
    return this.byRoute.has(routeId);
  }

  /** Adds a route, replacing any route of the same id. */
  add(route: ClosableRoute): void {
    this.remove(route.id);
    for (const e of this.entriesOf(route)) this.tree.insert(e);
  }

  remove(routeId: string): boolean {
    const entries = this.byRoute.get(routeId);
    if (entries === undefined) return false;
    for (const e of entries) this.tree.remove(e);
    this.byRoute.delete(routeId);
    return true;
  }

  /** Km of each route inside the area, for every route whose line meets it (a mere touch gives ≈ 0 km). */
  query(area: Polygon | MultiPolygon): Map<string, number> {
    const parts = prepareArea(area);
    const chunks = new Set<Chunk>();
    for (const [w, s, e, n] of plainBoxes(bboxOfGeometry(area)))
      for (const hit of this.tree.search({ minX: w, minY: s, maxX: e, maxY: n })) chunks.add(hit.chunk);
    const out = new Map<string, number>();
    const ts: number[] = [];
    for (const chunk of chunks) {
      let met = false;
      let km = 0;
      for (let i = 1; i < chunk.coords.length; i++) {
        const [px, py] = chunk.coords[i - 1]!;
        const qx = unwrapAfter(px, chunk.coords[i]![0]);
        const qy = chunk.coords[i]![1];
        if (chunk.edgeKm[i - 1] === 0) {
          if (inArea(parts, px, py)) met = true;
          continue;
        }
        ts.length = 0;
        if (crossings(parts, px, py, qx, qy, ts)) met = true;
        ts.push(0, 1);
        ts.sort((a, b) => a - b);
        let inside = 0;
        for (let k = 1; k < ts.length; k++) {
          const a = ts[k - 1]!;
          const b = ts[k]!;
          if (b - a <= 1e-12) continue;
          const m = (a + b) / 2;
          if (inArea(parts, px + m * (qx - px), py + m * (qy - py))) inside += b - a;
        }
        if (inside > 0) met = true;
        km += inside * chunk.edgeKm[i - 1]!;
      }
      if (met) out.set(chunk.routeId, (out.get(chunk.routeId) ?? 0) + km);
    }
    return out;
  }

  private entriesOf(route: ClosableRoute): Entry[] {
    const entries: Entry[] = [];
    for (const chunk of chunksOf(route, this.chunkKm))
      for (const [minX, minY, maxX, maxY] of plainBoxes(bboxOfPaths([chunk.coords])))
        // Padded by a hair: the box's unwrapped longitudes can miss a vertex by float noise, and a touch must count.
        entries.push({ minX: minX - BOX_PAD, minY: minY - BOX_PAD, maxX: maxX + BOX_PAD, maxY: maxY + BOX_PAD, chunk });
    this.byRoute.set(route.id, entries);
    return entries;
  }
}
