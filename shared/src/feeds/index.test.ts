import { FEED_FORMATS } from '../domain';
import { FeedError } from '../domain/errors';
import { isContentTypeAllowed, parseFeed } from './index';
import { allFixtures, fixture } from '../testing/feeds/fixtures';

describe('parseFeed', () => {
  it.each(allFixtures())('$file parses as $format, identically twice (deterministic)', ({ format, file }) => {
    const body = fixture(file);
    const first = parseFeed(format, body);
    expect(first.format).toBe(format);
    expect(parseFeed(format, body)).toEqual(first);
    // The same text as a string, as a Buffer, with or without a byte-order mark: the same document.
    const text = body.toString('utf8').replace(/^\uFEFF/, '');
    expect(parseFeed(format, text)).toEqual(first);
    expect(parseFeed(format, `\uFEFF${text}`)).toEqual(first);
  });

  it('refuses an empty body as unparseable (400) and an unknown format as 422', () => {
    expect(() => parseFeed('cap', '')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseFeed('cap', Buffer.from([0xef, 0xbb, 0xbf]))).toThrow(FeedError);
    expect(() => parseFeed('nope' as 'cap', '<a/>')).toThrow(expect.objectContaining({ status: 422 }));
  });

  it('gives a valid empty document no items (202 with zeros)', () => {
    expect(parseFeed('usgs', '{"type":"FeatureCollection","features":[]}').items).toEqual([]);
    expect(parseFeed('gdacs', '<rss version="2.0"><channel><title>GDACS</title></channel></rss>').items).toEqual([]);
    expect(parseFeed('geojson', '{"type":"FeatureCollection","features":[]}').items).toEqual([]);
  });
});

describe('isContentTypeAllowed (docs/api.md)', () => {
  it.each([
    ['cap', 'application/xml', true],
    ['cap', 'text/xml; charset=utf-8', true],
    ['cap', 'application/rss+xml', true],
    ['cap', 'application/cap+xml', true],
    ['cap', 'APPLICATION/XML', true],
    ['cap', 'application/json', false],
    ['state-dept', 'application/rss+xml', true],
    ['state-dept', 'application/json', true],
    ['gdacs', 'application/geo+json', true],
    ['gdacs', 'text/xml', true],
    ['usgs', 'application/geo+json', true],
    ['usgs', 'application/xml', false],
    ['acled', 'text/csv', true],
    ['acled', 'application/csv; header=present', true],
    ['acled', 'application/json', true],
    ['acled', 'application/xml', false],
    ['geojson', 'application/json', true],
    ['geojson', 'text/csv', false],
    ['geojson', 'text/plain', false],
    ['cap', 'application/x-www-form-urlencoded', false],
    ['cap', undefined, false],
    ['cap', '', false],
  ] as const)('%s with %s → %s', (format, contentType, allowed) => {
    expect(isContentTypeAllowed(format, contentType)).toBe(allowed);
  });

  it('knows every format', () => {
    for (const f of FEED_FORMATS)
      expect(isContentTypeAllowed(f, 'application/json') || isContentTypeAllowed(f, 'application/xml')).toBe(true);
  });
});
