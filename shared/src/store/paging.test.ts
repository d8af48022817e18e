import { AppError } from '../domain/errors';
import { checkLimit, decodeCursor, encodeCursor, toPage } from './paging';

describe('cursor pagination', () => {
  it('round-trips a sort key through an opaque base64url cursor', () => {
    const cursor = encodeCursor([1736942400000, 'evt_01']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 2)).toEqual([1736942400000, 'evt_01']);
    expect(decodeCursor(null, 2)).toBeNull();
    expect(decodeCursor('', 2)).toBeNull();
  });

  it('refuses a forged cursor, or one of another shape, as a 400', () => {
    for (const bad of [
      '%%%',
      Buffer.from('{"a":1}').toString('base64url'),
      encodeCursor(['only-one']),
      Buffer.from('[{"$gt":""}, "x"]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad, 2)).toThrow(AppError);
    }
  });

  it('holds limit to 1..500', () => {
    expect(checkLimit({ limit: 500 })).toBe(500);
    expect(() => checkLimit({ limit: 0 })).toThrow(AppError);
    expect(() => checkLimit({ limit: 1.5 })).toThrow(AppError);
  });

  it('turns limit + 1 rows into a page with the last kept row as the cursor', () => {
    const page = toPage(
      [{ k: 3 }, { k: 2 }, { k: 1 }],
      2,
      (r) => r.k,
      (r) => [r.k],
    );
    expect(page).toEqual({ items: [3, 2], nextCursor: encodeCursor([2]) });
    expect(
      toPage(
        [{ k: 1 }],
        2,
        (r) => r.k,
        (r) => [r.k],
      ),
    ).toEqual({ items: [1], nextCursor: null });
  });
});
