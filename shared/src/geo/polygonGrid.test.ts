import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import { buildPolygonGrid, gridContains } from './polygonGrid';

/** A star-shaped ring of n vertices around (cx, cy), radii in [r/3, r]: concave, many edges. */
function star(cx: number, cy: number, r: number, radii: number[]): [number, number][] {
  const ring = radii.map((k, i): [number, number] => {
    const t = (2 * Math.PI * i) / radii.length;
    const rr = r * (1 / 3 + (2 / 3) * k);
    return [cx + rr * Math.cos(t), cy + rr * Math.sin(t)];
  });
  return [...ring, ring[0]!];
}

describe('gridContains', () => {
  it('agrees with turf on concave polygons with a hole, inside, outside and on vertices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 300 }),
        fc.array(fc.tuple(fc.double({ min: -12, max: 12, noNaN: true }), fc.double({ min: -12, max: 12, noNaN: true })), {
          minLength: 1,
          maxLength: 50,
        }),
        (radii, points) => {
          const outer = star(0, 0, 10, radii);
          const hole = star(0, 0, 2, [0.5, 0.9, 0.2, 0.7, 0.4]).reverse();
          const rings = [outer, hole];
          const grid = buildPolygonGrid(rings);
          const polygon = { type: 'Polygon' as const, coordinates: rings };
          for (const p of [...points, ...outer.slice(0, 5), ...hole.slice(0, 2)]) {
            expect(gridContains(grid, p[0], p[1])).toBe(booleanPointInPolygon(p, polygon));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts points on an edge, and on a horizontal edge, as inside', () => {
    const grid = buildPolygonGrid([
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
        [0, 0],
      ],
    ]);
    expect(gridContains(grid, 2, 0)).toBe(true);
    expect(gridContains(grid, 4, 1.5)).toBe(true);
    expect(gridContains(grid, 2, 2)).toBe(true);
    expect(gridContains(grid, 5, 2)).toBe(false);
    expect(gridContains(grid, 2, 4.0001)).toBe(false);
  });
});
