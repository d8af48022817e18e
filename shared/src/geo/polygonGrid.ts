/**
 * Point-in-polygon in O(edges per band) instead of O(edges): the polygon's edges bucketed into latitude
 * bands, so a large polygon (thousands of vertices) answers each point from the handful of edges that span
 * its latitude. Same rule as turf's boolean-point-in-polygon (even-odd over all rings, boundary inside),
 * planar in (unwrapped) longitude/latitude; checked against turf in polygonGrid.test.ts.
 */
export interface PolygonGrid {
  /** x1, y1, x2, y2 per edge. */
  edges: Float64Array;
  south: number;
  bandHeight: number;
  /** Edge indices of band k are `members[starts[k] .. starts[k + 1])`. */
  starts: Int32Array;
  members: Int32Array;
}

/** Edges per band aimed at: the cost of one test. */
const EDGES_PER_BAND = 4;

export function buildPolygonGrid(rings: readonly (readonly (readonly number[])[])[]): PolygonGrid {
  let count = 0;
  for (const r of rings) count += Math.max(0, r.length - 1);
  const edges = new Float64Array(count * 4);
  let south = Infinity;
  let north = -Infinity;
  let k = 0;
  for (const r of rings) {
    for (let i = 1; i < r.length; i++) {
      const y1 = r[i - 1]![1]!;
      const y2 = r[i]![1]!;
      edges.set([r[i - 1]![0]!, y1, r[i]![0]!, y2], k * 4);
      south = Math.min(south, y1, y2);
      north = Math.max(north, y1, y2);
      k++;
    }
  }
  const bands = Math.max(1, Math.min(1 << 16, Math.ceil(count / EDGES_PER_BAND)));
  const bandHeight = north > south ? (north - south) / bands : 1;
  const band = (y: number): number => Math.min(bands - 1, Math.max(0, Math.floor((y - south) / bandHeight)));
  // Two passes (count, then fill) so the buckets are two flat arrays.
  const sizes = new Int32Array(bands + 1);
  for (let e = 0; e < count; e++) {
    const lo = band(Math.min(edges[e * 4 + 1]!, edges[e * 4 + 3]!));
    const hi = band(Math.max(edges[e * 4 + 1]!, edges[e * 4 + 3]!));
    for (let b = lo; b <= hi; b++) sizes[b + 1]! += 1;
  }
  const starts = new Int32Array(bands + 1);
  for (let b = 0; b < bands; b++) starts[b + 1] = starts[b]! + sizes[b + 1]!;
  const members = new Int32Array(starts[bands]!);
  const fill = starts.slice(0, bands);
  for (let e = 0; e < count; e++) {
    const lo = band(Math.min(edges[e * 4 + 1]!, edges[e * 4 + 3]!));
    const hi = band(Math.max(edges[e * 4 + 1]!, edges[e * 4 + 3]!));
    for (let b = lo; b <= hi; b++) members[fill[b]!++] = e;
  }
  return { edges, south, bandHeight, starts, members };
}

/** Whether (x, y) is inside or on the boundary (the caller has checked the polygon's latitude range). */
export function gridContains(g: PolygonGrid, x: number, y: number): boolean {
  const bands = g.starts.length - 1;
  const b = Math.min(bands - 1, Math.max(0, Math.floor((y - g.south) / g.bandHeight)));
  const e = g.edges;
  let inside = false;
  for (let m = g.starts[b]!; m < g.starts[b + 1]!; m++) {
    const k = g.members[m]! * 4;
    const x1 = e[k]!;
    const y1 = e[k + 1]!;
    const x2 = e[k + 2]!;
    const y2 = e[k + 3]!;
    if (y < Math.min(y1, y2) || y > Math.max(y1, y2)) continue;
    // On the edge: collinear and within its extent.
    const crossZ = (x - x1) * (y2 - y1) - (y - y1) * (x2 - x1);
    if (crossZ === 0 && x >= Math.min(x1, x2) && x <= Math.max(x1, x2)) return true;
    // Half-open rule on y so a vertex on the ray counts once.
    if (y1 > y !== y2 > y) {
      const xCross = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
      if (x < xCross) inside = !inside;
    }
  }
  return inside;
}
