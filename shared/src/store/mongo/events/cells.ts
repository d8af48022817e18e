import type { BBox } from '../../../domain';

/**
 * The events' spatial prefilter: a multikey field of grid cells, queried with `$in`, so a query reads
 * index entries for the cells it covers and no others (cost bounded by the area asked for, not by all
 * history as one-sided ranges over box corners were). Five levels of square cells (1°, 4°, 16°, 64°,
 * the whole world); an event is indexed at the finest level where its boxes cover at most
 * MAX_EVENT_CELLS cells, a query asks every level. Boxes are the plain (non-crossing) boxes of
 * store/bbox.ts; the stored boxes are then checked exactly.
 *
 * Correct by construction: if two closed boxes meet at a point p, p's cell at any level lies in both
 * boxes' inclusive cell ranges, so the query's cells at the event's level include one of the event's.
 */
export const CELL_LEVELS = [1, 4, 16, 64, 360] as const;
export const MAX_EVENT_CELLS = 4;
/** Above this many cells at one level, a query asks for column ranges instead of listing cells. */
export const MAX_LISTED_CELLS = 2048;

const COLUMN = 1_000;
const LEVEL = 1_000_000;

function span(min: number, max: number, offset: number, size: number, count: number): [number, number] {
  const at = (v: number) => Math.min(count - 1, Math.max(0, Math.floor((v + offset) / size)));
  return [at(min), at(max)];
}

/** The cells of a plain box at one level: level * 1e6 + column * 1e3 + row. */
function columnsOf([minLon, minLat, maxLon, maxLat]: BBox, level: number) {
  const size = CELL_LEVELS[level]!;
  const [x0, x1] = span(minLon, maxLon, 180, size, Math.ceil(360 / size));
  const [y0, y1] = span(minLat, maxLat, 90, size, Math.ceil(180 / size));
  return { x0, x1, y0, y1, cell: (x: number, y: number) => level * LEVEL + x * COLUMN + y };
}

function cellsAt(boxes: BBox[], level: number): Set<number> {
  const cells = new Set<number>();
  for (const box of boxes) {
    const c = columnsOf(box, level);
    for (let x = c.x0; x <= c.x1; x++) for (let y = c.y0; y <= c.y1; y++) cells.add(c.cell(x, y));
  }
  return cells;
}

/** An event's cells: at the finest level where its boxes cover at most MAX_EVENT_CELLS; none without geometry. */
export function eventCells(boxes: BBox[]): number[] {
  if (boxes.length === 0) return [];
  for (let level = 0; level < CELL_LEVELS.length; level++) {
    const cells = cellsAt(boxes, level);
    if (cells.size <= MAX_EVENT_CELLS || level === CELL_LEVELS.length - 1) return [...cells].sort((a, b) => a - b);
  }
  return [];
}

/** What a query over these plain boxes asks for: listed cells, and column ranges where a level would list too many. */
export function queryCells(boxes: BBox[]): { cells: number[]; ranges: [number, number][] } {
  const cells: number[] = [];
  const ranges: [number, number][] = [];
  for (let level = 0; level < CELL_LEVELS.length; level++) {
    const listed = cellsAt(boxes, level);
    if (listed.size <= MAX_LISTED_CELLS) {
      cells.push(...listed);
      continue;
    }
    const columns = new Map<number, [number, number]>();
    for (const box of boxes) {
      const c = columnsOf(box, level);
      for (let x = c.x0; x <= c.x1; x++) {
        const [lo, hi] = [c.cell(x, c.y0), c.cell(x, c.y1)];
        const had = columns.get(x);
        columns.set(x, had ? [Math.min(had[0], lo), Math.max(had[1], hi)] : [lo, hi]);
      }
    }
    ranges.push(...columns.values());
  }
  return { cells: cells.sort((a, b) => a - b), ranges };
}
