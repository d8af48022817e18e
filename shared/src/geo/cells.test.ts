import { serpentineCell } from './cells';

describe('serpentineCell', () => {
  it('numbers cells row by row, every other row reversed, so that consecutive numbers are neighbours', () => {
    // Row 0 (lat -90..-88) runs west to east, row 1 east to west.
    expect(serpentineCell(-179, -89, 2)).toBe(0);
    expect(serpentineCell(-177, -89, 2)).toBe(1);
    expect(serpentineCell(179, -89, 2)).toBe(179);
    expect(serpentineCell(179, -87, 2)).toBe(180);
    expect(serpentineCell(-179, -87, 2)).toBe(359);
    // The antimeridian's east edge stays in the last column.
    expect(serpentineCell(180, -89, 2)).toBe(179);
    expect(serpentineCell(-8.0, 12.6, 1)).toBeLessThan(serpentineCell(-8.0, 13.6, 1));
  });
});
