import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `mr_<12-char public lookup prefix>_<43-char secret>`: 32 random bytes of secret, base64url. */
const KEY_FORMAT = /^mr_([a-z0-9]{12})_([A-Za-z0-9_-]{43,})$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface GeneratedKey {
  /** The whole key: shown once, never stored. */
  plaintext: string;
  prefix: string;
  hash: string;
}

/** sha256 of the whole key, hex. Keys carry 256 random bits, so a slow password hash buys nothing. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): GeneratedKey {
  const prefixBytes = randomBytes(12);
  let prefix = '';
  for (const b of prefixBytes) prefix += PREFIX_ALPHABET[b % PREFIX_ALPHABET.length];
  const plaintext = `mr_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { plaintext, prefix, hash: hashApiKey(plaintext) };
}

/**
 * The lookup prefix of a presented key. Keys we generate carry theirs; an operator's own ADMIN_API_KEY
 * (any string of 24+ characters) gets one derived from its hash, so it is found the same way.
 */
export function lookupPrefix(key: string, hash: string = hashApiKey(key)): string {
  const m = KEY_FORMAT.exec(key);
  return m ? m[1]! : `h${hash.slice(0, 15)}`;
}

/** Constant-time comparison of a presented key's hash with the stored one. */
export function hashesMatch(presentedHash: string, storedHash: string): boolean {
  const a = Buffer.from(presentedHash, 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
