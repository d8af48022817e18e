import fc from 'fast-check';
import type { LineString, MultiPolygon, Polygon, RouteGeometry } from '../domain/geo';
import { boxPolygon, boxRing } from '../testing/geo/polygons';
import { RouteClosureIndex } from './closure';
import { polygonContains, preparePolygon } from './polygon';
import { lineLengthKm } from './segments';
import { angleBetween, EARTH_RADIUS_KM, slerp, toLonLat, toVec } from './sphere';

const KM_PER_DEG = (EARTH_RADIUS_KM * Math.PI) / 180;
const line = (...coordinates: [number, number][]): LineString => ({ type: 'LineString', coordinates });

/** The reference: walk each edge's great circle in small steps and count the steps whose middle is inside. */
function sampledKmInside(g: RouteGeometry, area: Polygon | MultiPolygon, stepKm = 0.1): number {
  const polys = (area.type === 'Polygon' ? [area.coordinates] : area.coordinates).map((rings) => preparePolygon(rings));
  const paths = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
  let km = 0;
  for (const path of paths)
    for (let i = 1; i < path.length; i++) {
      const a = toVec(path[i - 1]![0]!, path[i - 1]![1]!);
      const b = toVec(path[i]![0]!, path[i]![1]!);
      const len = angleBetween(a, b) * EARTH_RADIUS_KM;
      const n = Math.max(1, Math.ceil(len / stepKm));
      for (let k = 0; k < n; k++) {
        const [lon, lat] = toLonLat(slerp(a, b, (k + 0.5) / n));
        if (polys.some((p) => polygonContains(p, lon, lat))) km += len / n;
      }
    }
  return km;
}

describe('RouteClosureIndex', () => {
  it('gives half the length of a straight route half inside a box', () => {
    const meridian = line([10, 10], [10, 14]);
    const parallel = line([0, 12], [2, 12]);
    const index = new RouteClosureIndex([
      { id: 'meridian', geometry: meridian },
      { id: 'parallel', geometry: parallel },
    ]);
    const closed = index.query(boxPolygon(9, 12, 11, 15));
    expect([...closed.keys()]).toEqual(['meridian']);
    expect(closed.get('meridian')).toBeCloseTo(lineLengthKm(meridian) / 2, 3);
    expect(index.query(boxPolygon(1, 11, 3, 13)).get('parallel')).toBeCloseTo(lineLengthKm(parallel) / 2, 1);
  });

  it('leaves out a route that does not touch the area, and keeps one that only touches it (≈ 0 km)', () => {
    const index = new RouteClosureIndex([
      { id: 'apart', geometry: line([-3, 0.5], [-0.001, 0.5]) },
      { id: 'touching', geometry: line([-2, 0.5], [0, 0.5]) },
      { id: 'corner', geometry: line([-1, 2], [1, 1], [2, 2]) },
    ]);
    const closed = index.query(boxPolygon(0, 0, 1, 1));
    expect([...closed.keys()].sort()).toEqual(['corner', 'touching']);
    expect(closed.get('touching')).toBeLessThan(1e-6);
    expect(closed.get('corner')).toBeLessThan(1e-6);
  });

  it('counts a MultiPolygon with a hole: only the km inside the polygons and outside the hole', () => {
    const area: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[...boxRing(0, -1, 4, 1), ...boxRing(1, -0.5, 3, 0.5)], boxRing(6, -1, 7, 1)],
    };
    const equator = line([-1, 0], [8, 0]);
    const km = new RouteClosureIndex([{ id: 'equator', geometry: equator }]).query(area).get('equator')!;
    expect(km).toBeCloseTo(3 * KM_PER_DEG, 1);
    expect(Math.abs(km - sampledKmInside(equator, area))).toBeLessThan(0.5);
  });

  it('works across the antimeridian, for the route and the area', () => {
    const across = line([179, 0], [-179, 0]);
    const area: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [178, -1],
          [-179.5, -1],
          [-179.5, 1],
          [178, 1],
          [178, -1],
        ],
      ],
    };
    const index = new RouteClosureIndex([
      { id: 'across', geometry: across },
      { id: 'greenwich', geometry: line([0, 0], [2, 0]) },
    ]);
    const closed = index.query(area);
    expect([...closed.keys()]).toEqual(['across']);
    expect(closed.get('across')).toBeCloseTo(1.5 * KM_PER_DEG, 1);
    expect(index.query(boxPolygon(-179.8, -1, -179, 1)).get('across')).toBeCloseTo(0.8 * KM_PER_DEG, 1);
  });

  it('measures a long single-edge route along its great circle, as the sampled reference does', () => {
    const long = line([-17.4, 14.7], [-8, 12.6]);
    const area = boxPolygon(-13, 12, -11, 16);
    const km = new RouteClosureIndex([{ id: 'long', geometry: long }]).query(area).get('long')!;
    expect(km).toBeGreaterThan(150);
    expect(Math.abs(km - sampledKmInside(long, area))).toBeLessThan(0.5);
  });

  it('sums the lines of a MultiLineString, and gives the same answer when asked again (pieces kept)', () => {
    const index = new RouteClosureIndex([
      {
        id: 'multi',
        geometry: {
          type: 'MultiLineString',
          coordinates: [
            [
              [0.5, -1],
              [0.5, 0.5],
            ],
            [
              [5, 0.5],
              [0.25, 0.5],
            ],
          ],
        },
      },
    ]);
    const area = boxPolygon(0, 0, 1, 1);
    const first = index.query(area).get('multi')!;
    expect(first).toBeCloseTo(KM_PER_DEG * 0.5 + KM_PER_DEG * 0.75, 0);
    expect(index.query(area).get('multi')).toBe(first);
  });

  it('adds, replaces and removes routes', () => {
    const index = new RouteClosureIndex();
    const area = boxPolygon(0, 0, 1, 1);
    index.add({ id: 'r', geometry: line([0.5, -1], [0.5, 2]) });
    expect(index.query(area).get('r')).toBeCloseTo(KM_PER_DEG, 1);
    index.add({ id: 'r', geometry: line([5, -1], [5, 2]) });
    expect(index.query(area).has('r')).toBe(false);
    expect(index.size).toBe(1);
    index.add({ id: 'r', geometry: line([0.5, -1], [0.5, 0.5]) });
    expect(index.query(area).get('r')).toBeCloseTo(KM_PER_DEG / 2, 1);
    expect(index.remove('r')).toBe(true);
    expect(index.remove('r')).toBe(false);
    expect(index.query(area).size).toBe(0);
  });

  it('agrees with the sampled reference on random routes and areas in West Africa', () => {
    const pos = fc.tuple(fc.double({ min: -17, max: -2, noNaN: true }), fc.double({ min: 8, max: 18, noNaN: true }));
    const route = fc.array(pos, { minLength: 2, maxLength: 8 });
    const area = fc
      .tuple(pos, fc.double({ min: 0.2, max: 4, noNaN: true }), fc.double({ min: 0.2, max: 4, noNaN: true }), fc.boolean())
      .map(([[w, s], dw, dh, holed]): Polygon => ({
        type: 'Polygon',
        coordinates: [
          // A tilted quadrilateral, so edges are not all along meridians and parallels.
          [
            [w, s],
            [w + dw, s + dh / 4],
            [w + dw * 0.8, s + dh],
            [w - dw / 5, s + dh * 0.7],
            [w, s],
          ],
          ...(holed ? boxRing(w + dw * 0.3, s + dh * 0.3, w + dw * 0.5, s + dh * 0.5) : []),
        ],
      }));
    fc.assert(
      fc.property(route, area, (coords, a) => {
        const g = line(...coords);
        const km = new RouteClosureIndex([{ id: 'r', geometry: g }]).query(a).get('r') ?? 0;
        const sampled = sampledKmInside(g, a, 0.4);
        // A straight edge crosses the quadrilateral and its hole at most 4 times, each within half a step.
        expect(Math.abs(km - sampled)).toBeLessThan(0.2 * 4 * (coords.length - 1) + 0.05);
      }),
      { numRuns: 40 },
    );
  });

  it('never gives more km than the route has, nor fewer in a box that contains another', () => {
    const pos = fc.tuple(fc.double({ min: -17, max: -2, noNaN: true }), fc.double({ min: 8, max: 18, noNaN: true }));
    const box = fc
      .tuple(
        pos,
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
      )
      .map(([[w, s], dw, dh, grow]) => ({
        inner: boxPolygon(w, s, w + dw, s + dh),
        outer: boxPolygon(w - grow, s - grow, w + dw + grow, s + dh + grow),
      }));
    fc.assert(
      fc.property(fc.array(pos, { minLength: 2, maxLength: 10 }), box, (coords, { inner, outer }) => {
        const g = line(...coords);
        const index = new RouteClosureIndex([{ id: 'r', geometry: g }]);
        const a = index.query(inner).get('r');
        const b = index.query(outer).get('r');
        if (a !== undefined) expect(b).toBeGreaterThanOrEqual(a - 1e-6);
        expect(b ?? 0).toBeLessThanOrEqual(lineLengthKm(g) + 1e-6);
      }),
    );
  });
});
