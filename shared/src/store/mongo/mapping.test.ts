import { fromDoc, isDuplicateKey, onlyDuplicateKeys, toDate, toDoc } from './mapping';

describe('MongoDB document mapping', () => {
  it('maps _id to the domain id, drops __v and internal fields, and reads Dates as ISO', () => {
    const doc = {
      _id: 'evt_1',
      __v: 0,
      title: 'x',
      knownAt: new Date('2025-01-15T12:00:00Z'),
      validTo: null,
      boxes: [{ minLon: 0 }],
      circle: { center: [0, 0] },
    };
    expect(fromDoc(doc, 'id', ['boxes'])).toEqual({
      id: 'evt_1',
      title: 'x',
      knownAt: '2025-01-15T12:00:00.000Z',
      validTo: null,
      circle: { center: [0, 0] },
    });
    expect(fromDoc({ _id: 'k', n: 1 }, null)).toEqual({ n: 1 });
    expect(fromDoc({ _id: 'usgs', url: 'u' }, 'feedId')).toEqual({ feedId: 'usgs', url: 'u' });
  });

  it('maps the domain id to _id', () => {
    expect(toDoc({ id: 'site_1', name: 'Kayes' })).toEqual({ _id: 'site_1', name: 'Kayes' });
  });

  it('tells unique-index refusals apart from other write errors', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey(new Error('boom'))).toBe(false);
    expect(onlyDuplicateKeys({ writeErrors: [{ code: 11000 }, { code: 11000 }] })).toBe(true);
    expect(onlyDuplicateKeys({ writeErrors: { code: 11000 } })).toBe(true);
    expect(onlyDuplicateKeys({ writeErrors: [{ code: 11000 }, { code: 121 }] })).toBe(false);
    expect(onlyDuplicateKeys({ writeErrors: [] })).toBe(false);
    expect(onlyDuplicateKeys(new Error('network'))).toBe(false);
  });

  it('refuses text that is not an instant', () => {
    expect(toDate('2025-01-15T13:00:00+01:00').toISOString()).toBe('2025-01-15T12:00:00.000Z');
    expect(() => toDate('soon')).toThrow('not an ISO-8601 time');
  });
});
