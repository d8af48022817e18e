import { routeSegments } from '../geo/segments';
import { aRoute } from '../testing/store/builders';
import { MODEL_V1 } from './config';
import { prepareSubject, segmentCoordinates, segmentReachBox, type PreparedRoute } from './prepare';
import { expandBBoxKm } from '../geo/bbox';

describe('prepareSubject for a route', () => {
  it("keeps every segment's vertices, in one array per route, and its box grown by the buffer", () => {
    const route = aRoute({
      bufferKm: 10,
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [-8.0, 12.65],
            [-8.3, 12.9],
            [-9.5, 13.4],
            [-11.43, 14.45],
          ],
          [
            [-4.2, 14.5],
            [-3.9, 14.8],
          ],
        ],
      },
    });
    const prepared = prepareSubject({ ...route, type: 'route' }, MODEL_V1) as PreparedRoute;
    const full = routeSegments(route.geometry, MODEL_V1);

    expect(prepared.segments).toHaveLength(full.length);
    expect(full.length).toBeGreaterThan(10);
    expect(new Set(full.map((s) => s.part))).toEqual(new Set([0, 1]));
    full.forEach((s, i) => {
      expect(segmentCoordinates(prepared, i)).toEqual(s.coordinates);
      expect(segmentReachBox(prepared, i)).toEqual(expandBBoxKm(s.bbox, 10));
      expect(prepared.segments[i]).toMatchObject({ index: s.index, part: s.part, fromKm: s.fromKm, toKm: s.toKm });
    });
    expect(prepared.lines).toBeInstanceOf(Float64Array);
    expect(prepared.lines.length).toBe(full.reduce((n, s) => n + s.coordinates.length * 2, 0));
  });
});
