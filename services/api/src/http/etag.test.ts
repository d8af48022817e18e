import { etagOf, ifNoneMatchHits } from './etag';

describe('entity tags', () => {
  it('are quoted, deterministic and change with any part', () => {
    expect(etagOf('a', 'b')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(etagOf('a', 'b')).toBe(etagOf('a', 'b'));
    expect(etagOf('a', 'b')).not.toBe(etagOf('a', 'c'));
    expect(etagOf('ab', 'c')).not.toBe(etagOf('a', 'bc'));
  });

  it('match If-None-Match lists with weak comparison', () => {
    const tag = etagOf('x');
    expect(ifNoneMatchHits(tag, tag)).toBe(true);
    expect(ifNoneMatchHits(`W/${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits(`"other", ${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits('*', tag)).toBe(true);
    expect(ifNoneMatchHits('"other"', tag)).toBe(false);
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
  });
});
