import fc from 'fast-check';
import { destination } from '../testing/geo/distance';
import { positionAlong } from './segments';
import { bruteForceDistanceRad, geometryShape, lineShape, pointShape, shapeDistanceKm, shapeDistanceRad } from './shape';
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

describe('shapeDistanceRad on large shapes (indexed)', () => {
  /** A closed star-shaped ring of `radii.length` vertices around `center`, radii in [r/3, r] km. */
  function star(center: [number, number], rKm: number, radii: number[]): [number, number][] {
    const ring = radii.map((k, i) => destination(center, (360 * i) / radii.length, rKm * (1 / 3 + (2 / 3) * k)));
    return [...ring, ring[0]!];
  }

  it('equals the brute-force distance for lines and polygons of hundreds of vertices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 200, maxLength: 400 }),
        fc.array(fc.tuple(fc.double({ min: -0.3, max: 0.3, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true })), {
          minLength: 30,
          maxLength: 120,
        }),
        fc.double({ min: -170, max: 170, noNaN: true }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (radii, steps, lon, lat, maxKm) => {
          const area = geometryShape({ type: 'Polygon', coordinates: [star([lon, lat], 20, radii)] });
          const path: [number, number][] = [[lon + 0.2, lat + 0.2]];
          for (const [dx, dy] of steps) path.push([path[path.length - 1]![0] + dx, path[path.length - 1]![1] + dy]);
          const line = lineShape(path);
          const exact = bruteForceDistanceRad(line, area);
          expect(shapeDistanceRad(line, area)).toBeCloseTo(exact, 12);
          expect(shapeDistanceRad(area, line)).toBeCloseTo(exact, 12);
          const bounded = shapeDistanceKm(line, area, maxKm);
          if (exact * 6371.0088 <= maxKm) expect(bounded).toBeCloseTo(exact * 6371.0088, 9);
          else expect(bounded).toBeGreaterThan(maxKm);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('finds a MultiPolygon part under a line among many parts', () => {
    const parts = Array.from({ length: 40 }, (_, i) => squareAround([i, 0], 3).coordinates);
    const area = geometryShape({ type: 'MultiPolygon', coordinates: parts });
    const line = lineShape(Array.from({ length: 200 }, (_, i): [number, number] => [25 + i * 0.0001, 0.001 * (i % 2)]));
    expect(shapeDistanceKm(line, area)).toBe(0);
    expect(
      shapeDistanceKm(
        lineShape([
          [-5, 5],
          [-5, 5.5],
        ]),
        area,
      ),
    ).toBeCloseTo(
      bruteForceDistanceRad(
        lineShape([
          [-5, 5],
          [-5, 5.5],
        ]),
        area,
      ) * 6371.0088,
      9,
    );
  });
});
