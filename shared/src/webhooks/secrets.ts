import { randomBytes } from 'node:crypto';
import type { SubscriptionSecret } from '../domain';

/** How long a rotated-out secret keeps signing beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/**
 * A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes (the spec asks for 24 to 64; 32 is the
 * HMAC-SHA256 block's natural key size). The `standardwebhooks` package strips the prefix and decodes the rest.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Rotation: a new current secret; every secret that was still current now expires in 24 h; secrets already
 * past their expiry are dropped. Newest first, which is the order signatures are sent in.
 */
export function rotateSecrets(secrets: SubscriptionSecret[], now: Date): { secrets: SubscriptionSecret[]; secret: string } {
  const at = now.toISOString();
  const until = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  const kept = secrets
    .filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now.getTime())
    .map((s) => ({ ...s, expiresAt: s.expiresAt ?? until }));
  const secret = newWebhookSecret();
  return { secret, secrets: [{ secret, createdAt: at, expiresAt: null }, ...kept] };
}
