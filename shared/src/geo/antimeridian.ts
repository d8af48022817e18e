type Position = [number, number];

/** Positions rounded to 6 decimals (≈ 0.1 m), as RFC 7946 §11.2 suggests for interchange. */
function rounded(p: readonly number[]): Position {
  return [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6];
}

/**
 * A line as RFC 7946 §3.1.9 wants it: cut where it crosses the antimeridian (a step of more than 180° in
 * longitude), each piece ending on ±180 at the interpolated latitude. One piece when it does not cross.
 */
export function cutAtAntimeridian(line: readonly (readonly number[])[]): Position[][] {
  const parts: Position[][] = [];
  let current: Position[] = [];
  for (const raw of line) {
    const p = rounded(raw);
    const prev = current[current.length - 1];
    if (prev !== undefined && Math.abs(p[0] - prev[0]) > 180) {
      const east = prev[0] > 0 ? 180 : -180;
      const shifted = p[0] + (east > 0 ? 360 : -360);
      const t = (east - prev[0]) / (shifted - prev[0]);
      const lat = Math.round((prev[1] + t * (p[1] - prev[1])) * 1e6) / 1e6;
      current.push([east, lat]);
      parts.push(current);
      current = [[-east, lat]];
    }
    current.push(p);
  }
  if (current.length > 0) parts.push(current);
  return parts.filter((part) => part.length >= 2);
}

/** A LineString, or a MultiLineString when the line crosses the antimeridian. */
export function lineGeometry(
  line: readonly (readonly number[])[],
): { type: 'LineString'; coordinates: Position[] } | { type: 'MultiLineString'; coordinates: Position[][] } {
  const parts = cutAtAntimeridian(line);
  return parts.length === 1 ? { type: 'LineString', coordinates: parts[0]! } : { type: 'MultiLineString', coordinates: parts };
}
