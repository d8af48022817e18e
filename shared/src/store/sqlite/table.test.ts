import { defineTable, snake } from './table';

interface Thing {
  id: string;
  radiusKm: number;
  location: { type: string };
  extra?: { a: number };
  seenAt: string | null;
}

describe('defineTable', () => {
  const things = defineTable<Thing>('things', { id: 'text', radiusKm: 'num', location: 'json', extra: 'json?', seenAt: 'time' });

  it('names columns in snake_case and builds an insert with named parameters', () => {
    expect(snake('locationUncertaintyKm')).toBe('location_uncertainty_km');
    expect(snake('severity01')).toBe('severity01');
    expect(things.insertSql).toBe(
      'INSERT INTO things (id, radius_km, location, extra, seen_at) VALUES (@id, @radius_km, @location, @extra, @seen_at)',
    );
    expect(things.assignments(['id'])).toBe('radius_km = @radius_km, location = @location, extra = @extra, seen_at = @seen_at');
  });

  it('keeps JSON as text and instants as epoch milliseconds, and reads them back', () => {
    const thing: Thing = { id: 't1', radiusKm: 5, location: { type: 'Point' }, seenAt: '2025-01-15T13:00:00+01:00' };
    const row = things.toRow(thing);
    expect(row).toEqual({
      id: 't1',
      radius_km: 5,
      location: '{"type":"Point"}',
      extra: null,
      seen_at: Date.parse('2025-01-15T12:00:00Z'),
    });
    // Optional JSON stays absent; an instant comes back as UTC ISO with milliseconds.
    expect(things.fromRow(row)).toEqual({
      id: 't1',
      radiusKm: 5,
      location: { type: 'Point' },
      seenAt: '2025-01-15T12:00:00.000Z',
    });
    expect(things.fromRow(things.toRow({ ...thing, extra: { a: 1 }, seenAt: null }))).toMatchObject({
      extra: { a: 1 },
      seenAt: null,
    });
  });

  it('refuses a time that is not ISO-8601 rather than storing garbage', () => {
    expect(() => things.toRow({ id: 't', radiusKm: 1, location: { type: 'Point' }, seenAt: 'yesterday' })).toThrow(
      'not an ISO-8601 time',
    );
  });
});
