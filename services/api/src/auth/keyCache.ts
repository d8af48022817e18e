import type { Principal } from './principal';

/** Default: a looked-up key is trusted for this long before the store is asked again. */
export const KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Known keys by the hash of the presented key, for a few seconds (docs/dependencies.md: keep the hot read
 * path lean). A revocation through this process takes effect at once; through another one, within the TTL.
 */
export class KeyCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly ttlMs: number = KEY_CACHE_TTL_MS) {}

  get(hash: string, nowMs: number): Principal | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (e.expiresAt <= nowMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return e.principal;
  }

  set(hash: string, principal: Principal, nowMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, { principal, expiresAt: nowMs + this.ttlMs });
  }

  forgetKey(keyId: string): void {
    for (const [hash, e] of this.entries) if (e.principal.keyId === keyId) this.entries.delete(hash);
  }
}
