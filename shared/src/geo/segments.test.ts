import { haversineKm } from '../testing/geo/distance';
import { lineLengthKm, routeSegments } from './segments';

const OPTIONS = { segmentKm: 25, countrySampleKm: 5 };
const BAMAKO: [number, number] = [-8.0029, 12.6392];
const DAKAR: [number, number] = [-17.4441, 14.6928];

describe('routeSegments', () => {
  const line = { type: 'LineString' as const, coordinates: [BAMAKO, DAKAR] };
  const segments = routeSegments(line, OPTIONS);

  it('cuts a route into equal pieces of ≈25 km that tile it end to end', () => {
    const length = lineLengthKm(line);
    expect(segments).toHaveLength(Math.round(length / 25));
    expect(segments[0]!.fromKm).toBe(0);
    expect(segments[segments.length - 1]!.toKm).toBeCloseTo(length, 9);
    segments.forEach((s, i) => {
      expect(s.index).toBe(i);
      expect(s.lengthKm).toBeGreaterThan(20);
      expect(s.lengthKm).toBeLessThan(30);
      if (i > 0) expect(s.fromKm).toBeCloseTo(segments[i - 1]!.toKm, 9);
      // Each piece runs along the great circle: its ends are its length apart.
      expect(haversineKm(s.coordinates[0]!, s.coordinates[s.coordinates.length - 1]!)).toBeCloseTo(s.lengthKm, 6);
    });
  });

  it('keeps the route ends exactly', () => {
    expect(segments[0]!.coordinates[0]).toEqual(BAMAKO);
    expect(segments[segments.length - 1]!.coordinates.at(-1)).toEqual(DAKAR);
  });

  it('knows the countries of each segment, both at a border', () => {
    expect(segments[0]!.countries).toEqual(['ML']);
    expect(segments[segments.length - 1]!.countries).toEqual(['SN']);
    expect(segments.some((s) => s.countries.includes('ML') && s.countries.includes('SN'))).toBe(true);
  });

  it('keeps the inner vertices of a winding line', () => {
    const winding = {
      type: 'LineString' as const,
      coordinates: [
        [0, 0],
        [0.1, 0.05],
        [0.2, 0],
        [0.3, 0.05],
      ] as [number, number][],
    };
    const [only] = routeSegments(winding, { segmentKm: 100, countrySampleKm: 5 });
    expect(only!.coordinates).toEqual(winding.coordinates);
  });

  it('segments every line of a MultiLineString on its own, counting km across them', () => {
    const multi = {
      type: 'MultiLineString' as const,
      coordinates: [
        [
          [0, 0],
          [0, 0.5],
        ],
        [
          [1, 0],
          [1, 0.3],
        ],
      ] as [number, number][][],
    };
    const segs = routeSegments(multi, OPTIONS);
    const first = segs.filter((s) => s.part === 0);
    const second = segs.filter((s) => s.part === 1);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(second[0]!.fromKm).toBeCloseTo(first[1]!.toKm, 9);
    expect(segs.at(-1)!.toKm).toBeCloseTo(lineLengthKm(multi), 9);
  });

  it('splits a line across the antimeridian into short segments with small boxes', () => {
    const segs = routeSegments(
      {
        type: 'LineString',
        coordinates: [
          [179, 0],
          [-179, 0],
        ],
      },
      OPTIONS,
    );
    expect(segs).toHaveLength(9);
    for (const s of segs) {
      expect(s.lengthKm).toBeCloseTo(222.39 / 9, 1);
      const width = s.bbox[0] > s.bbox[2] ? s.bbox[2] + 360 - s.bbox[0] : s.bbox[2] - s.bbox[0];
      expect(width).toBeLessThan(0.3);
    }
  });

  it('gives a very short line one segment', () => {
    const segs = routeSegments(
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [0.01, 0],
        ],
      },
      OPTIONS,
    );
    expect(segs).toHaveLength(1);
    expect(segs[0]!.toKm).toBeCloseTo(1.11, 2);
  });
});
