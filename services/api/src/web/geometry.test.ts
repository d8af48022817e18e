import { routeSegments } from '@minerisk/shared/geo/segments';
import { MODEL_V1 } from '@minerisk/shared/model/config';
import { segmentLines } from '../../web/src/geometry';
import type { LineGeometry } from '../../web/src/types';

/** The map cuts a route where the scoring cut it (docs/scoring.md §4), from the API's fromKm/toKm alone. */
describe('segmentLines (services/api/web)', () => {
  const options = { segmentKm: MODEL_V1.segmentKm, countrySampleKm: MODEL_V1.countrySampleKm };
  const cases: [string, LineGeometry][] = [
    [
      'a road with bends',
      {
        type: 'LineString',
        coordinates: [
          [-17.44, 14.69],
          [-16.2, 14.8],
          [-15.6, 14.3],
          [-13.0, 13.9],
          [-11.44, 14.45],
          [-8.0, 12.65],
        ],
      },
    ],
    [
      'a long straight air leg',
      {
        type: 'LineString',
        coordinates: [
          [-8.0, 12.65],
          [-17.44, 14.69],
        ],
      },
    ],
    [
      'two lines',
      {
        type: 'MultiLineString',
        coordinates: [
          [
            [-4.0, 5.3],
            [-5.0, 8.0],
            [-6.0, 11.0],
          ],
          [
            [1.2, 6.1],
            [0.5, 9.0],
            [-1.5, 12.4],
          ],
        ],
      },
    ],
  ];

  it.each(cases)('%s: every segment drawn where it was scored', (_name, geometry) => {
    const scored = routeSegments(geometry as never, options);
    const drawn = segmentLines(
      geometry,
      scored.map((s) => ({ fromKm: s.fromKm, toKm: s.toKm, score: 0, countries: s.countries })),
    );
    expect(drawn).toHaveLength(scored.length);
    scored.forEach((s, i) => {
      const line = drawn[i]!;
      expect(line).toHaveLength(s.coordinates.length);
      line.forEach(([lat, lon], k) => {
        expect(lon).toBeCloseTo(s.coordinates[k]![0], 6);
        expect(lat).toBeCloseTo(s.coordinates[k]![1], 6);
      });
    });
  });
});
