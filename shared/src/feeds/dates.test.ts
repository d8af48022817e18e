import { parseDate } from './dates';

describe('parseDate', () => {
  it.each([
    ['2025-09-03', Date.UTC(2025, 8, 3)],
    ['2026-10-03T18:53:03', Date.UTC(2026, 9, 3, 18, 53, 3)],
    ['2025-05-14T20:00:00-04:00', Date.UTC(2025, 4, 15)],
    ['2013-01-05T10:58:23-00:00', Date.UTC(2013, 0, 5, 10, 58, 23)],
    ['2024-12-10T18:04:35.123Z', Date.UTC(2024, 11, 10, 18, 4, 35, 123)],
    ['Thu, 15 May 2025', Date.UTC(2025, 4, 15)],
    ['Tue, 10 Dec 2024 21:15:03 GMT', Date.UTC(2024, 11, 10, 21, 15, 3)],
    ['Tue, 10 Dec 2024 16:15:03 EST', Date.UTC(2024, 11, 10, 21, 15, 3)],
    ['10 Dec 24 21:15 +0100', Date.UTC(2024, 11, 10, 20, 15)],
  ])('%s, without a zone read as UTC', (text, ms) => {
    expect(parseDate(text)).toBe(ms);
  });

  it.each([
    '',
    'yesterday',
    '2025-02-31',
    '2025-13-01',
    'Thu, 15 Foo 2025',
    '0099-01-01',
    '2025-09-03T25:00:00Z',
    '2025-09-03T10:00:00+99:99x',
  ])('refuses %j', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});
