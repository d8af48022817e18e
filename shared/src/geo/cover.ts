import type { BBox } from '../domain/geo';
import { plainBoxes } from './bbox';

/** Beyond this many boxes the grid gets coarser: a store query pays per box. */
const MAX_BOXES = 64;

/**
 * A few boxes that together hold many: every box (split at the antimeridian) snapped outward to a grid of
 * `cellDeg` degrees, each latitude row's runs of covered cells as boxes, and the same run in adjacent rows
 * merged into one. The cover holds every point of every box (edges included) and is at most one cell
 * larger on each side; the grid doubles until there are at most 64 boxes. It is for querying a store once
 * for the candidates of many subjects, a superset that is then refined per subject.
 */
export function coverBoxes(boxes: readonly BBox[], cellDeg = 1): BBox[] {
  for (let cell = cellDeg; ; cell *= 2) {
    const cover = gridCover(boxes, cell);
    if (cover.length <= MAX_BOXES || cell >= 180) return cover;
  }
}

function gridCover(boxes: readonly BBox[], cell: number): BBox[] {
  const cols = Math.ceil(360 / cell);
  const rows = Math.ceil(180 / cell);
  const covered = new Uint8Array(cols * rows);
  /** The cell holding v, checked against the cell's own edges (the division may round across one). */
  const index = (v: number, origin: number, count: number) => {
    let i = Math.floor((v + origin) / cell);
    if (i * cell - origin > v) i--;
    else if ((i + 1) * cell - origin < v) i++;
    return Math.min(count - 1, Math.max(0, i));
  };
  const col = (lon: number) => index(lon, 180, cols);
  const row = (lat: number) => index(lat, 90, rows);
  for (const box of boxes) {
    for (const [w, s, e, n] of plainBoxes(box)) {
      for (let r = row(s); r <= row(n); r++) covered.fill(1, r * cols + col(w), r * cols + col(e) + 1);
    }
  }
  const out: BBox[] = [];
  /** Runs open in the previous row, by "first:last" column, with the row they started in. */
  let open = new Map<string, { first: number; last: number; fromRow: number }>();
  const close = (run: { first: number; last: number; fromRow: number }, toRow: number) =>
    out.push([
      run.first * cell - 180,
      run.fromRow * cell - 90,
      Math.min(180, (run.last + 1) * cell - 180),
      Math.min(90, toRow * cell - 90),
    ]);
  for (let r = 0; r <= rows; r++) {
    const next = new Map<string, { first: number; last: number; fromRow: number }>();
    for (let c = 0; r < rows && c < cols; c++) {
      if (covered[r * cols + c] === 0) continue;
      let last = c;
      while (last + 1 < cols && covered[r * cols + last + 1] === 1) last++;
      const key = `${c}:${last}`;
      next.set(key, open.get(key) ?? { first: c, last, fromRow: r });
      open.delete(key);
      c = last;
    }
    for (const run of open.values()) close(run, r);
    open = next;
  }
  return out;
}
