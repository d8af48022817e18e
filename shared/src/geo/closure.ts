// @ts-expect-error TS1479: flatbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import Flatbush from 'flatbush';
// @ts-expect-error TS1479: rbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import RBush from 'rbush';
import type { MultiPolygon, Polygon, RouteGeometry } from '../domain/geo';
import type { BBox } from '../domain/geo';
import { bboxOfGeometry, plainBoxes } from './bbox';
import { lonStep, wrapLonWest } from './lonInterval';
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

/** ≈ chunkKm of one route, longitudes unwrapped (continuous across the antimeridian). */
interface Chunk {
  /** x0, y0, x1, y1, …: the positions. */
  xy: number[];
  /** Great-circle km of each edge. */
  edgeKm: number[];
  km: number;
  /** [minX, minY, maxX, maxY] in the chunk's unwrapped frame. */
  box: BBox;
}

interface IndexedRoute {
  route: ClosableRoute;
  /** Cut on the first query that reaches the route, then kept. */
  chunks: Chunk[] | null;
  entries: Entry[];
}

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  indexed: IndexedRoute;
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

function linesOf(g: RouteGeometry): readonly (readonly (readonly number[])[])[] {
  return g.type === 'LineString' ? [g.coordinates] : g.coordinates;
}

function chunksOf(route: ClosableRoute, chunkKm: number): Chunk[] {
  const chunks: Chunk[] = [];
  const start = (x: number, y: number): Chunk => ({ xy: [x, y], edgeKm: [], km: 0, box: [x, y, x, y] });
  for (const path of linesOf(route.geometry)) {
    const pts = densify(path, chunkKm);
    let x = pts[0]![0];
    let chunk = start(x, pts[0]![1]);
    for (let i = 1; i < pts.length; i++) {
      x = unwrapAfter(x, pts[i]![0]);
      const y = pts[i]![1];
      const d = distanceKm(pts[i - 1]!, pts[i]!);
      chunk.xy.push(x, y);
      chunk.edgeKm.push(d);
      chunk.km += d;
      const box = chunk.box;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
      if (chunk.km >= chunkKm || i === pts.length - 1) {
        chunks.push(chunk);
        chunk = start(x, y);
      }
    }
  }
  return chunks;
}

/** Plain boxes (in [-180, 180]) around each line of a route, padded by a hair against float noise. */
function routeBoxes(route: ClosableRoute): BBox[] {
  const boxes: BBox[] = [];
  for (const path of linesOf(route.geometry)) {
    let x = path[0]![0]!;
    let [minX, minY, maxX, maxY] = [x, path[0]![1]!, x, path[0]![1]!];
    for (let i = 1; i < path.length; i++) {
      x = unwrapAfter(x, path[i]![0]!);
      const y = path[i]![1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    [minX, minY, maxX, maxY] = [minX - BOX_PAD, minY - BOX_PAD, maxX + BOX_PAD, maxY + BOX_PAD];
    if (maxX - minX >= 360) {
      boxes.push([-180, minY, 180, maxY]);
      continue;
    }
    const k = wrapLonWest(minX) - minX;
    const [w, e] = [minX + k, maxX + k];
    if (e <= 180) boxes.push([w, minY, e, maxY]);
    else boxes.push([w, minY, 180, maxY], [-180, minY, e - 360, maxY]);
  }
  return boxes;
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
 * Whether the box can meet the area (some part's box, at some shift of 360°), and whether any ring edge lies
 * in it. Without allocating: this runs for every piece of every candidate route.
 */
function reach(parts: readonly AreaPart[], box: BBox): 'apart' | 'no-edge' | 'edges' {
  let near = false;
  for (const part of parts) {
    const pb = part.poly.box;
    if (part.tree === null || box[3] < pb[1] || box[1] > pb[3]) continue;
    for (const shift of SHIFTS) {
      if (box[2] + shift < pb[0] || box[0] + shift > pb[2]) continue;
      near = true;
      if (part.tree.search(box[0] + shift, box[1], box[2] + shift, box[3]).length > 0) return 'edges';
    }
  }
  return near ? 'no-edge' : 'apart';
}

/** Km of one chunk inside the area, or null when it does not meet it. */
function chunkInside(chunk: Chunk, parts: readonly AreaPart[], ts: number[]): number | null {
  const where = reach(parts, chunk.box);
  if (where === 'apart') return null;
  // No ring edge within the chunk's box: it lies wholly inside the area or wholly outside.
  if (where === 'no-edge') return inArea(parts, chunk.xy[0]!, chunk.xy[1]!) ? chunk.km : null;
  let met = false;
  let km = 0;
  for (let i = 0; i < chunk.edgeKm.length; i++) {
    const [px, py, qx, qy] = [chunk.xy[2 * i]!, chunk.xy[2 * i + 1]!, chunk.xy[2 * i + 2]!, chunk.xy[2 * i + 3]!];
    if (chunk.edgeKm[i] === 0 || (px === qx && py === qy)) {
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
    km += inside * chunk.edgeKm[i]!;
  }
  return met ? km : null;
}

/**
 * Which routes an area (a Polygon or MultiPolygon, e.g. a region to close in a what-if) meets, and how many
 * km of each lie inside it (docs/api.md, what-if). Routes are indexed by their boxes in an R-tree
 * (antimeridian-safe); the first query that reaches a route cuts it into ≈ chunkKm pieces, kept for the next.
 * A query indexes the area's ring edges (flatbush): a piece with no ring edge in its box is wholly inside or
 * outside (one point test), only pieces across the boundary are clipped edge by edge. Polygons are planar
 * in longitude/latitude as everywhere in this repo (RFC 7946, turf: geo/polygon.ts), holes by the even–odd
 * rule, overlapping polygons of a MultiPolygon counted once; lengths are great-circle km.
 */
export class RouteClosureIndex {
  private readonly tree = new RBush<Entry>();
  private readonly byRoute = new Map<string, IndexedRoute>();
  private readonly chunkKm: number;

  constructor(routes: Iterable<ClosableRoute> = [], options: Partial<RouteClosureIndexOptions> = {}) {
    this.chunkKm = options.chunkKm ?? 25;
    const latest = new Map<string, ClosableRoute>();
    for (const r of routes) latest.set(r.id, r);
    // Bulk loading packs the tree better than one insert per route.
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
    const indexed = this.byRoute.get(routeId);
    if (indexed === undefined) return false;
    for (const e of indexed.entries) this.tree.remove(e);
    this.byRoute.delete(routeId);
    return true;
  }

  /** Km of each route inside the area, for every route whose line meets it (a mere touch gives ≈ 0 km). */
  query(area: Polygon | MultiPolygon): Map<string, number> {
    const parts = prepareArea(area);
    const candidates = new Set<IndexedRoute>();
    for (const [w, s, e, n] of plainBoxes(bboxOfGeometry(area)))
      for (const hit of this.tree.search({ minX: w, minY: s, maxX: e, maxY: n })) candidates.add(hit.indexed);
    const out = new Map<string, number>();
    const ts: number[] = [];
    for (const indexed of candidates) {
      indexed.chunks ??= chunksOf(indexed.route, this.chunkKm);
      let km: number | null = null;
      for (const chunk of indexed.chunks) {
        const inside = chunkInside(chunk, parts, ts);
        if (inside !== null) km = (km ?? 0) + inside;
      }
      if (km !== null) out.set(indexed.route.id, km);
    }
    return out;
  }

  private entriesOf(route: ClosableRoute): Entry[] {
    const indexed: IndexedRoute = { route, chunks: null, entries: [] };
    indexed.entries = routeBoxes(route).map(([minX, minY, maxX, maxY]) => ({ minX, minY, maxX, maxY, indexed }));
    this.byRoute.set(route.id, indexed);
    return indexed.entries;
  }
}
