import fc from 'fast-check';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import { destination, haversineKm, pointToPolygonKm, pointToSegmentKm } from './distance';
import { boxPolygon, boxRing } from './polygons';

const BAMAKO = [-8.0029, 12.6392];
const DAKAR = [-17.4441, 14.6928];

const lon = fc.double({ min: -180, max: 180, noNaN: true });
const lat = fc.double({ min: -80, max: 80, noNaN: true });
const position = fc.tuple(lon, lat);

describe('haversineKm', () => {
  it('measures Bamako–Dakar as the ≈1,050 km great circle, within 1%', () => {
    expect(Math.abs(haversineKm(BAMAKO, DAKAR) - 1050) / 1050).toBeLessThan(0.01);
  });

  it('is short across the antimeridian', () => {
    expect(haversineKm([179, 0], [-179, 0])).toBeCloseTo(222.4, 0);
  });

  it('is symmetric and inverts destination()', () => {
    fc.assert(
      fc.property(
        position,
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (p, bearing, km) => {
          const q = destination(p, bearing, km);
          expect(haversineKm(p, q)).toBeCloseTo(km, 6);
          expect(haversineKm(q, p)).toBeCloseTo(haversineKm(p, q), 9);
        },
      ),
    );
  });
});

describe('pointToSegmentKm', () => {
  it('is the cross-track distance when the foot falls on the segment', () => {
    // Along the equator, a point 1° north of its middle.
    expect(pointToSegmentKm([0, 1], [-1, 0], [1, 0])).toBeCloseTo(111.195, 2);
  });

  it('clamps to the nearer end beyond the segment', () => {
    expect(pointToSegmentKm([3, 0], [-1, 0], [1, 0])).toBeCloseTo(haversineKm([3, 0], [1, 0]), 6);
  });

  it('treats a segment from 179°E to 179°W as short (antimeridian)', () => {
    expect(pointToSegmentKm([180, 0.5], [179, 0], [-179, 0])).toBeCloseTo(55.6, 1);
    expect(pointToSegmentKm([0, 0], [179, 0], [-179, 0])).toBeGreaterThan(19_000);
  });

  it('agrees with turf pointToLineDistance (geodesic) on short segments', () => {
    fc.assert(
      fc.property(
        position,
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 1, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (a, bearing, len, pb, pd) => {
          const b = destination(a, bearing, len);
          const p = destination(a, pb, pd);
          const ours = pointToSegmentKm(p, a, b);
          const turf = pointToLineDistance(p, { type: 'LineString', coordinates: [a, b] }, { units: 'kilometers' });
          expect(Math.abs(ours - turf)).toBeLessThan(0.005 * Math.max(1, turf));
        },
      ),
    );
  });

  it('is never more than the distance to either end', () => {
    fc.assert(
      fc.property(position, position, position, (p, a, b) => {
        const d = pointToSegmentKm(p, a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(haversineKm(p, a), haversineKm(p, b)) + 1e-6);
      }),
    );
  });
});

describe('pointToPolygonKm', () => {
  const square = boxPolygon(0, 0, 1, 1);

  it('is 0 inside and on the boundary', () => {
    expect(pointToPolygonKm([0.5, 0.5], square)).toBe(0);
    expect(pointToPolygonKm([1, 0.5], square)).toBe(0);
  });

  it('is the distance to the nearest edge outside', () => {
    // The edge lon = 1 is a meridian: the distance from (2, 0.5) is asin(sin 1° · cos 0.5°).
    const expected = Math.asin(Math.sin(Math.PI / 180) * Math.cos((0.5 * Math.PI) / 180)) * 6371.0088;
    expect(pointToPolygonKm([2, 0.5], square)).toBeCloseTo(expected, 3);
  });

  it('measures from the edge of a hole for a point inside it, and is 0 between hole and outer ring', () => {
    const withHole = {
      type: 'Polygon' as const,
      coordinates: [
        ...square.coordinates,
        [
          [0.4, 0.4],
          [0.6, 0.4],
          [0.6, 0.6],
          [0.4, 0.6],
          [0.4, 0.4],
        ],
      ] as [number, number][][],
    };
    expect(pointToPolygonKm([0.5, 0.5], withHole)).toBeCloseTo(0.1 * 111.19, 0);
    expect(pointToPolygonKm([0.2, 0.2], withHole)).toBe(0);
  });

  it('takes the nearest polygon of a multipolygon', () => {
    const multi = {
      type: 'MultiPolygon' as const,
      coordinates: [square.coordinates, boxRing(10, 0, 11, 1)] as [number, number][][][],
    };
    expect(pointToPolygonKm([10.5, 0.5], multi)).toBe(0);
    expect(pointToPolygonKm([5.5, 0.5], multi)).toBeCloseTo(pointToPolygonKm([5.5, 0.5], boxPolygon(10, 0, 11, 1)), 9);
  });

  it('contains points of a polygon across the antimeridian', () => {
    const fiji = boxPolygon(178, -18, -178, -16);
    expect(pointToPolygonKm([180, -17], fiji)).toBe(0);
    expect(pointToPolygonKm([-179.5, -17], fiji)).toBe(0);
    expect(pointToPolygonKm([179.5, -17], fiji)).toBe(0);
    expect(pointToPolygonKm([0, -17], fiji)).toBeGreaterThan(15_000);
    expect(pointToPolygonKm([-177, -17], fiji)).toBeCloseTo(haversineKm([-177, -17], [-178, -17]), 0);
  });
});
