import fc from 'fast-check';
import type { BBox } from '../domain/geo';
import { bboxesIntersect, bboxOfGeometry, bboxOfPaths, crossesAntimeridian, expandBBoxKm, plainBoxes } from './bbox';
import { destination } from '../testing/geo/distance';
import { unionLonIntervals } from './lonInterval';

function contains(b: BBox, [lon, lat]: readonly number[]): boolean {
  return plainBoxes(b).some(([w, s, e, n]) => lon! >= w && lon! <= e && lat! >= s && lat! <= n);
}

describe('bboxOfPaths', () => {
  it('gives a small box that crosses the antimeridian for a line from 179°E to 179°W', () => {
    const b = bboxOfPaths([
      [
        [179, 0],
        [-179, 1],
      ],
    ]);
    expect(crossesAntimeridian(b)).toBe(true);
    expect(b).toEqual([179, 0, -179, 1]);
  });

  it('includes the poleward bulge of a long east–west great-circle edge', () => {
    const b = bboxOfPaths([
      [
        [-30, 60],
        [30, 60],
      ],
    ]);
    expect(b[3]).toBeGreaterThan(61);
  });

  it('covers the parts of a multipolygon on both sides of the antimeridian with one small box', () => {
    const b = bboxOfGeometry({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [178, -18],
            [180, -18],
            [180, -16],
            [178, -16],
            [178, -18],
          ],
        ],
        [
          [
            [-180, -18],
            [-179, -18],
            [-179, -16],
            [-180, -16],
            [-180, -18],
          ],
        ],
      ],
    });
    expect([b[0], b[2]]).toEqual([178, -179]);
    // Great-circle edges bulge poleward: a little south of -18 in the southern hemisphere.
    expect(b[1]).toBeCloseTo(-18, 1);
    expect(b[3]).toBeCloseTo(-16, 1);
  });
});

describe('unionLonIntervals', () => {
  it('finds the smallest covering interval on the circle', () => {
    expect(
      unionLonIntervals([
        { start: 170, width: 5 },
        { start: -175, width: 5 },
      ]),
    ).toEqual([170, -170]);
    expect(
      unionLonIntervals([
        { start: -10, width: 5 },
        { start: 20, width: 5 },
      ]),
    ).toEqual([-10, 25]);
    expect(unionLonIntervals([{ start: 0, width: 360 }])).toEqual([-180, 180]);
  });
});

describe('expandBBoxKm', () => {
  it('holds every point within the distance of the box (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 300, noNaN: true }),
        (lon, lat, w, h, fx, fy, bearing, f, km) => {
          const box = bboxOfPaths([
            [
              [lon, lat],
              [lon + w, Math.min(89, lat + h)],
            ],
          ]);
          const inner: [number, number] = [
            box[0] + fx * (crossesAntimeridian(box) ? box[2] + 360 - box[0] : box[2] - box[0]),
            box[1] + fy * (box[3] - box[1]),
          ];
          const inside = [inner[0] > 180 ? inner[0] - 360 : inner[0], inner[1]];
          expect(contains(expandBBoxKm(box, km), destination(inside, bearing, f * km * 0.999))).toBe(true);
        },
      ),
    );
  });

  it('wraps across the antimeridian and spans all longitudes near a pole', () => {
    const b = expandBBoxKm([179.9, 0, 179.9, 0], 50);
    expect(crossesAntimeridian(b)).toBe(true);
    expect(expandBBoxKm([0, 89.5, 1, 89.8], 50)).toEqual([-180, expect.any(Number), 180, 90]);
  });
});

describe('bboxesIntersect', () => {
  it('handles boxes across the antimeridian', () => {
    expect(bboxesIntersect([179, 0, -179, 1], [-179.5, 0.5, -179.4, 0.6])).toBe(true);
    expect(bboxesIntersect([179, 0, -179, 1], [0, 0, 1, 1])).toBe(false);
    expect(bboxesIntersect([0, 0, 1, 1], [1, 1, 2, 2])).toBe(true);
  });
});
