import fc from 'fast-check';
import { packVectors, pointToPolylineRad } from './polyline';
import { bruteForceDistanceRad, lineShape, pointShape } from './shape';

const lonLat = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true }));

/** Lines near each other and the point, so that feet fall on arcs as often as beside them. */
const nearby = (origin: [number, number], spread: number) =>
  fc
    .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
    .map(([dx, dy]): [number, number] => [origin[0] + dx * spread, Math.max(-89, Math.min(89, origin[1] + dy * spread))]);

function packed(line: [number, number][]): Float64Array {
  const v = new Float64Array(line.length * 3 + 6);
  // Written at an offset, between other data, as a route holds many segments in one array.
  packVectors(line, v, 3);
  return v;
}

describe('pointToPolylineRad', () => {
  it('gives exactly what the shape-based brute force gives (lines of 1–40 vertices, repeated vertices, the antimeridian)', () => {
    fc.assert(
      fc.property(
        lonLat.chain((o) =>
          fc.tuple(
            fc.constant(o),
            fc.array(fc.oneof(nearby(o, 0.5), nearby(o, 20), fc.constant(o)), { minLength: 1, maxLength: 40 }),
            fc.oneof(nearby(o, 0.5), nearby(o, 20), lonLat),
          ),
        ),
        ([, line, p]) => {
          const [lon, lat] = p;
          const expected = bruteForceDistanceRad(lineShape(line), pointShape(lon, lat));
          const point = pointShape(lon, lat).points[0]!;
          expect(pointToPolylineRad(point, packed(line), 1, 1 + line.length)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('measures to the foot on the arc, not only to the vertices', () => {
    const line: [number, number][] = [
      [-1, 0],
      [1, 0],
    ];
    const p = pointShape(0, 0.5).points[0]!;
    // Half a degree of latitude north of the equator's arc: 0.5° in radians, not the ~1.1° to either end.
    expect(pointToPolylineRad(p, packed(line), 1, 3)).toBeCloseTo((0.5 * Math.PI) / 180, 12);
  });
});
