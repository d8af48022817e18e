import fc from 'fast-check';
import { lineShape, pointShape, shapeDistanceKm } from './shape';
import { simplifyRadial } from './simplify';

describe('simplifyRadial', () => {
  it('keeps every distance within the tolerance and drops dense vertices', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -0.002, max: 0.002, noNaN: true }), fc.double({ min: -0.002, max: 0.002, noNaN: true })),
          {
            minLength: 3,
            maxLength: 300,
          },
        ),
        fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
        (steps, probe) => {
          const path: [number, number][] = [[10, 10]];
          for (const [dx, dy] of steps) path.push([path[path.length - 1]![0] + dx, path[path.length - 1]![1] + dy]);
          const tol = 0.1;
          const simple = simplifyRadial(path, tol);
          expect(simple[0]).toBe(path[0]);
          expect(simple[simple.length - 1]).toBe(path[path.length - 1]);
          const p = pointShape(10 + probe[0], 10 + probe[1]);
          const d = shapeDistanceKm(lineShape(path), p);
          expect(Math.abs(shapeDistanceKm(lineShape(simple), p) - d)).toBeLessThanOrEqual(tol + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
    const dense = Array.from({ length: 1000 }, (_, i): [number, number] => [i * 0.00001, 0]);
    expect(simplifyRadial(dense, 0.01).length).toBeLessThan(120);
  });
});
