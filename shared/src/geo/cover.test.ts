import fc from 'fast-check';
import type { BBox } from '../domain/geo';
import { plainBoxes } from './bbox';
import { coverBoxes } from './cover';

const lon = fc.double({ min: -180, max: 180, noNaN: true });
const lat = fc.double({ min: -90, max: 90, noNaN: true });
/** Any box, antimeridian-crossing ones included (west edge east of the east edge). */
const box = fc.tuple(lon, lat, lon, lat).map(([w, s, e, n]): BBox => [w, Math.min(s, n), e, Math.max(s, n)]);

function inside(b: BBox, x: number, y: number): boolean {
  return plainBoxes(b).some(([w, s, e, n]) => x >= w && x <= e && y >= s && y <= n);
}

/**
 * A point of the box from two fractions (edges and corners included). Clamped: w + (e − w) can round past
 * e (from 179.999999999° W to 180 it gave 180.00000000000003, a point outside the box and the globe).
 */
function pointOf(b: BBox, fx: number, fy: number): [number, number] {
  const [w, s, e, n] = plainBoxes(b)[0]!;
  return [Math.min(e, w + (e - w) * fx), Math.min(n, s + (n - s) * fy)];
}

describe('coverBoxes', () => {
  it('holds every point of every box, edges and corners included', () => {
    fc.assert(
      fc.property(
        fc.array(box, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(0, 0.25, 1),
        fc.constantFrom(0, 0.5, 1),
        fc.constantFrom(0.5, 1, 3),
        (boxes, fx, fy, cell) => {
          const cover = coverBoxes(boxes, cell);
          for (const b of boxes) {
            const [x, y] = pointOf(b, fx, fy);
            expect(cover.some((c) => inside(c, x, y))).toBe(true);
          }
        },
      ),
    );
  });

  it('adds at most one grid cell around the boxes, and never crosses the antimeridian itself', () => {
    fc.assert(
      fc.property(
        fc.array(box, { minLength: 1, maxLength: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (boxes, fx, fy) => {
          const grown = boxes.flatMap(plainBoxes).map(([w, s, e, n]): BBox => [w - 1, s - 1, e + 1, n + 1]);
          for (const c of coverBoxes(boxes, 1)) {
            expect(c[0]).toBeLessThanOrEqual(c[2]);
            const [x, y] = pointOf(c, fx, fy);
            expect(grown.some(([w, s, e, n]) => x >= w && x <= e && y >= s && y <= n)).toBe(true);
          }
        },
      ),
    );
  });

  it('turns thousands of nearby boxes into a handful', () => {
    const boxes: BBox[] = [];
    for (let i = 0; i < 5_000; i++) {
      const x = -17 + ((i * 7919) % 2100) / 100;
      const y = 5 + ((i * 104729) % 1100) / 100;
      boxes.push([x - 1, y - 1, x + 1, y + 1]);
    }
    const cover = coverBoxes(boxes);
    expect(cover.length).toBeLessThanOrEqual(20);
    expect(cover).toEqual([[-18, 4, 5, 17]]);
  });

  it('keeps far-apart boxes apart and gets coarser rather than exceed 64 boxes', () => {
    expect(
      coverBoxes([
        [-8.5, 12.2, -8.4, 12.3],
        [120.1, -30.6, 120.2, -30.5],
      ]),
    ).toEqual([
      [120, -31, 121, -30],
      [-9, 12, -8, 13],
    ]);
    const scattered: BBox[] = Array.from({ length: 500 }, (_, i) => [
      i * 0.7 - 175,
      (i % 170) - 85,
      i * 0.7 - 175,
      (i % 170) - 85,
    ]);
    expect(coverBoxes(scattered).length).toBeLessThanOrEqual(64);
  });

  it('splits a box across the antimeridian into its two sides', () => {
    expect(coverBoxes([[179.5, -17.5, -179.5, -16.5]])).toEqual([
      [-180, -18, -179, -16],
      [179, -18, 180, -16],
    ]);
  });
});
