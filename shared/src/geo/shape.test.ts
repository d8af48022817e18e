import fc from 'fast-check';
import { destination } from '../testing/geo/distance';
import { positionAlong } from './segments';
import { geometryShape, lineShape, pointShape, shapeDistanceKm } from './shape';
import { squareAround } from '../testing/geo/polygons';

describe('shapeDistanceKm', () => {
  it('is 0 when a line crosses a small area without a vertex inside it', () => {
    const area = squareAround([0, 0], 2);
    const line = lineShape([
      [-0.5, 0],
      [0.5, 0],
    ]);
    expect(shapeDistanceKm(line, geometryShape(area))).toBe(0);
  });

  it('is 0 when a line lies wholly inside an area', () => {
    const area = squareAround([0, 0], 50);
    expect(
      shapeDistanceKm(
        lineShape([
          [-0.1, 0],
          [0.1, 0.05],
        ]),
        geometryShape(area),
      ),
    ).toBe(0);
  });

  it('equals the nearest approach sampled along the line (line vs polygon)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 5, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 80, noNaN: true }),
        (lon, lat, bearing, len, offBearing, off) => {
          const a: [number, number] = [lon, lat];
          const b = destination(a, bearing, len);
          const area = geometryShape(squareAround(destination(a, offBearing, off), 3));
          const d = shapeDistanceKm(lineShape([a, b]), area);
          let sampled = Infinity;
          for (let i = 0; i <= 200; i++) {
            const [x, y] = positionAlong([a, b], (len * i) / 200);
            sampled = Math.min(sampled, shapeDistanceKm(pointShape(x, y), area));
          }
          // Sampling every len/200 km can only overshoot, by at most half a step.
          expect(d).toBeLessThanOrEqual(sampled + 1e-6);
          expect(d).toBeGreaterThanOrEqual(sampled - len / 400 - 1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });
});
