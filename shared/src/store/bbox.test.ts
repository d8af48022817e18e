import { boxAround, eventBoxes, splitAntimeridian } from './bbox';
import { boxPolygon, boxRing } from '../testing/geo/polygons';

describe('store bounding boxes', () => {
  it('indexes a point by a zero-size box and an absent geometry by none', () => {
    expect(eventBoxes({ type: 'Point', coordinates: [-8, 12.65] })).toEqual([[-8, 12.65, -8, 12.65]]);
    expect(eventBoxes(null)).toEqual([]);
  });

  it('indexes a polygon by its box and each polygon of a MultiPolygon by its own', () => {
    const [box] = eventBoxes(boxPolygon(0, 0, 1, 1));
    expect(box![0]).toBeCloseTo(0);
    expect(box![2]).toBeCloseTo(1);
    const parts = eventBoxes({
      type: 'MultiPolygon',
      coordinates: [boxRing(0, 0, 1, 1), boxRing(20, 10, 21, 11)],
    });
    expect(parts).toHaveLength(2);
    expect(parts[1]![0]).toBeCloseTo(20);
  });

  it('stores a polygon across the antimeridian as its two halves, not as a box around the world', () => {
    const halves = eventBoxes(boxPolygon(179.5, -18, -179.5, -16));
    expect(halves).toHaveLength(2);
    expect(halves[0]![0]).toBeCloseTo(179.5);
    expect(halves[0]![2]).toBe(180);
    expect(halves[1]![0]).toBe(-180);
    expect(halves[1]![2]).toBeCloseTo(-179.5);
  });

  it('splits only boxes that cross the antimeridian', () => {
    expect(splitAntimeridian([10, 0, 20, 5])).toEqual([[10, 0, 20, 5]]);
    expect(splitAntimeridian([170, 0, -170, 5])).toEqual([
      [170, 0, 180, 5],
      [-180, 0, -170, 5],
    ]);
  });

  it('boxes a radius around a point, crossing the antimeridian or spanning all longitudes near a pole', () => {
    const [w, s, e, n] = boxAround(-8, 12.65, 111.2);
    expect(n - s).toBeCloseTo(2, 1);
    expect(w).toBeLessThan(-9);
    expect(e).toBeGreaterThan(-7);
    const fiji = boxAround(179.9, -17, 50);
    expect(fiji[0]).toBeGreaterThan(fiji[2]);
    const pole = boxAround(0, 89.9, 50);
    expect([pole[0], pole[2]]).toEqual([-180, 180]);
  });
});
