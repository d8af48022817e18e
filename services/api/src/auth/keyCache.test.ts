import { KeyCache } from './keyCache';

const admin = { tenantId: 'acme', role: 'admin' as const, keyId: 'key_a' };
const reader = { tenantId: 'acme', role: 'reader' as const, keyId: 'key_b' };

describe('KeyCache', () => {
  it('trusts a looked-up key until its TTL passes', () => {
    const cache = new KeyCache(5_000);
    cache.set('h1', admin, 1_000);
    expect(cache.get('h1', 5_999)).toEqual(admin);
    expect(cache.get('h1', 6_000)).toBeUndefined();
    // Expired entries are dropped, not resurrected.
    expect(cache.get('h1', 1_000)).toBeUndefined();
  });

  it('forgets a revoked key at once, and only that key', () => {
    const cache = new KeyCache();
    cache.set('h1', admin, 0);
    cache.set('h2', reader, 0);
    cache.forgetKey('key_a');
    expect(cache.get('h1', 1)).toBeUndefined();
    expect(cache.get('h2', 1)).toEqual(reader);
  });

  it('never answers for a hash it was not given', () => {
    const cache = new KeyCache();
    cache.set('h1', admin, 0);
    expect(cache.get('h2', 1)).toBeUndefined();
  });
});
