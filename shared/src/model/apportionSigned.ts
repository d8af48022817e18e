/**
 * Rounds signed real parts to whole units so that they add up to `total` exactly: each part is floored,
 * then the units still missing (or in excess) go one at a time to the parts with the largest (or smallest)
 * fractional remainders, ties to the earlier part. Parts that are exactly 0 stay 0: rounding never makes
 * something that did not move appear to have moved.
 */
export function apportionSigned(total: number, parts: readonly number[]): number[] {
  const out = parts.map(Math.floor);
  const movable = parts.map((p, i) => ({ i, rest: p - Math.floor(p) })).filter(({ i }) => parts[i] !== 0);
  let left = total - out.reduce((a, b) => a + b, 0);
  if (movable.length === 0) return out;
  const step = left > 0 ? 1 : -1;
  movable.sort((a, b) => (step > 0 ? b.rest - a.rest : a.rest - b.rest) || a.i - b.i);
  for (let k = 0; left !== 0; k = (k + 1) % movable.length) {
    out[movable[k]!.i]! += step;
    left -= step;
  }
  return out;
}
