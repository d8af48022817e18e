import fc from 'fast-check';
import { destination } from '../testing/geo/distance';
import { bruteForceDistanceRad } from '../geo/shape';
import { EARTH_RADIUS_KM } from '../geo/sphere';
import { aRoute, anEvent } from '../testing/model/builders';
import { MODEL_V1 } from './config';
import { prepareSubject, type PreparedRoute } from './prepare';
import { prepareEvent } from './preparedEvent';
import { reachOf } from './reach';
import { segmentShape } from './shapes';

/**
 * Issue 21: with large polygons, pathReach orders segments by a lower bound and stops early; the answer
 * must stay the nearest segment (the first of equals) within reach, as measuring every segment says.
 */
describe('reachOf along dense routes with large polygon events', () => {
  it('equals the brute-force nearest segment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 300 }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.integer({ min: 20, max: 200 }),
        fc.double({ min: 1, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (positions, stepKm, wiggleKm, polygonPositions, radiusKm, offKm, along) => {
          const coordinates: [number, number][] = [];
          let at: [number, number] = [-10, 13];
          for (let i = 0; i < positions; i++) {
            coordinates.push(destination(at, i % 2 === 0 ? 0 : 180, wiggleKm));
            at = destination(at, 90, stepKm);
          }
          const route = prepareSubject(aRoute({ geometry: { type: 'LineString', coordinates }, bufferKm: 25 })) as PreparedRoute;
          const mid = coordinates[Math.floor(positions * (0.5 + along / 2))] ?? coordinates[0]!;
          const center = destination(mid, 0, radiusKm + offKm);
          const ring = Array.from({ length: polygonPositions - 1 }, (_, k) =>
            destination(center, (360 * k) / (polygonPositions - 1), radiusKm),
          );
          ring.push(ring[0]!);
          const ev = prepareEvent(anEvent({ geometry: { type: 'Polygon', coordinates: [ring] } }), MODEL_V1);
          const got = reachOf(route, ev, MODEL_V1, { limit: 'buffer' });
          let want: { distanceKm: number; segmentIndex: number } | null = null;
          route.segments.forEach((_, i) => {
            const d = bruteForceDistanceRad(segmentShape(route, i), ev.shape!) * EARTH_RADIUS_KM;
            if (d <= 25 && (want === null || d < want.distanceKm)) want = { distanceKm: d, segmentIndex: i };
          });
          if (want === null) expect(got).toBeNull();
          else {
            expect(got?.segmentIndex).toBe((want as { segmentIndex: number }).segmentIndex);
            expect(got?.distanceKm).toBeCloseTo((want as { distanceKm: number }).distanceKm, 9);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
