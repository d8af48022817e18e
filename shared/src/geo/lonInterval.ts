/** Longitude intervals on the circle, so that boxes across the antimeridian stay small. */
export interface LonInterval {
  /** West end, any real longitude (unwrapped). */
  start: number;
  /** Eastward width in degrees, 0..360. */
  width: number;
}

/** Into [-180, 180). */
export function wrapLonWest(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** Into (-180, 180]. */
export function wrapLonEast(lon: number): number {
  return -wrapLonWest(-lon);
}

/** Signed eastward step from one longitude to the next, in (-180, 180]: how a path crosses the antimeridian. */
export function lonStep(from: number, to: number): number {
  return wrapLonEast(to - from);
}

/** The smallest circular interval covering all: the complement of the largest gap between them. */
export function unionLonIntervals(intervals: LonInterval[]): [number, number] {
  if (intervals.some((i) => i.width >= 360) || intervals.length === 0) return [-180, 180];
  const sorted = intervals.map((i) => ({ start: wrapLonWest(i.start), width: i.width })).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && i.start <= last.end) last.end = Math.max(last.end, i.start + i.width);
    else merged.push({ start: i.start, end: i.start + i.width });
  }
  let bestGap = -Infinity;
  let west = 0;
  let east = 0;
  for (let k = 0; k < merged.length; k++) {
    const here = merged[k]!;
    const next = merged[(k + 1) % merged.length]!;
    const nextStart = k + 1 < merged.length ? next.start : next.start + 360;
    const gap = nextStart - here.end;
    if (gap > bestGap) {
      bestGap = gap;
      west = next.start;
      east = here.end;
    }
  }
  if (bestGap <= 0) return [-180, 180];
  return [wrapLonWest(west), wrapLonEast(east)];
}
