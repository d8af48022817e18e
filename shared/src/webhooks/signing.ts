import { Webhook } from 'standardwebhooks';
import type { SubscriptionSecret } from '../domain';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Secrets that still sign at `now`: the current one, and a rotated-out one until its expiresAt (24 h). */
export function signingSecrets(secrets: SubscriptionSecret[], now: Date): SubscriptionSecret[] {
  return secrets.filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now.getTime());
}

/**
 * Standard Webhooks headers for one attempt: the header timestamp and the signed one are the same instant
 * (whole seconds), and with several live secrets the `v1,` signatures go space-separated in one header, so
 * a receiver holding either secret verifies. Called afresh on every attempt: receivers refuse timestamps
 * older than 5 minutes, while `webhook-id` stays the same.
 */
export function signDelivery(webhookId: string, body: string, secrets: SubscriptionSecret[], now: Date): SignedHeaders {
  if (secrets.length === 0) throw new Error('no live secret to sign with');
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const signatures = secrets.map((s) => new Webhook(s.secret).sign(webhookId, at, body));
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(at.getTime() / 1000),
    'webhook-signature': signatures.join(' '),
  };
}
