import { generateApiKey, hashApiKey, hashesMatch, lookupPrefix } from './apiKey';

describe('API keys', () => {
  it('carries 32+ random bytes after a public lookup prefix', () => {
    const k = generateApiKey();
    expect(k.plaintext).toMatch(/^mr_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(k.plaintext.startsWith(`mr_${k.prefix}_`)).toBe(true);
    expect(Buffer.from(k.plaintext.slice(16), 'base64url').length).toBeGreaterThanOrEqual(32);
  });

  it('stores only the sha256 of the whole key', () => {
    const k = generateApiKey();
    expect(k.hash).toBe(hashApiKey(k.plaintext));
    expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(k.hash).not.toContain(k.plaintext.slice(16));
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().plaintext));
    expect(keys.size).toBe(200);
  });

  it('finds generated keys by their prefix and operator keys by a hash-derived prefix', () => {
    const k = generateApiKey();
    expect(lookupPrefix(k.plaintext)).toBe(k.prefix);
    const operatorKey = 'my-own-long-admin-key-0123456789';
    expect(lookupPrefix(operatorKey)).toBe(`h${hashApiKey(operatorKey).slice(0, 15)}`);
    expect(lookupPrefix(operatorKey)).not.toBe(lookupPrefix(`${operatorKey}x`));
  });

  it('compares hashes exactly', () => {
    const h = hashApiKey('a'.repeat(40));
    expect(hashesMatch(h, h)).toBe(true);
    expect(hashesMatch(h, hashApiKey('b'.repeat(40)))).toBe(false);
    expect(hashesMatch(h, h.slice(0, 62))).toBe(false);
    expect(hashesMatch('', '')).toBe(false);
  });
});
