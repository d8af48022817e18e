import { cutAtAntimeridian, lineGeometry } from './antimeridian';

describe('cutAtAntimeridian', () => {
  it('keeps a line that does not cross in one piece, rounded to 6 decimals', () => {
    expect(
      lineGeometry([
        [-8.0000001, 12.65],
        [-9.5, 13.4],
      ]),
    ).toEqual({
      type: 'LineString',
      coordinates: [
        [-8, 12.65],
        [-9.5, 13.4],
      ],
    });
  });
  it('cuts a line crossing the antimeridian on ±180 at the interpolated latitude', () => {
    expect(
      cutAtAntimeridian([
        [179, 10],
        [-179, 20],
      ]),
    ).toEqual([
      [
        [179, 10],
        [180, 15],
      ],
      [
        [-180, 15],
        [-179, 20],
      ],
    ]);
    expect(
      cutAtAntimeridian([
        [-179, 0],
        [179, 10],
      ]),
    ).toEqual([
      [
        [-179, 0],
        [-180, 5],
      ],
      [
        [180, 5],
        [179, 10],
      ],
    ]);
  });
});
