/**
 * The grid cell of a point, numbered row by row with alternate rows reversed: sorting by it puts neighbours
 * on the ground next to each other (so a chunk of subjects, or a run of events, covers a compact area).
 */
export function serpentineCell(lon: number, lat: number, cellDeg: number): number {
  const row = Math.floor((lat + 90) / cellDeg);
  const cols = Math.ceil(360 / cellDeg);
  const col = Math.min(cols - 1, Math.floor((lon + 180) / cellDeg));
  return row * cols + (row % 2 === 0 ? col : cols - 1 - col);
}
