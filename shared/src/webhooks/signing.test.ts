import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newWebhookSecret, rotateSecrets, ROTATION_OVERLAP_MS } from './secrets';
import { signDelivery, signingSecrets } from './signing';

const body = JSON.stringify({ type: 'ping', timestamp: '2026-03-01T00:00:00.000Z', data: { subscriptionId: 'sub_1' } });

describe('webhook secrets', () => {
  it('are whsec_ + base64 of 32 random bytes, which the standardwebhooks package accepts', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it('rotation adds a new current secret and lets the old one sign for 24 h more, dropping expired ones', () => {
    const now = new Date('2026-03-02T00:00:00.000Z');
    const old = { secret: newWebhookSecret(), createdAt: '2026-03-01T00:00:00.000Z', expiresAt: null };
    const expired = { secret: newWebhookSecret(), createdAt: '2026-02-01T00:00:00.000Z', expiresAt: '2026-03-01T00:00:00.000Z' };
    const { secret, secrets } = rotateSecrets([old, expired], now);
    expect(secrets).toEqual([
      { secret, createdAt: now.toISOString(), expiresAt: null },
      { ...old, expiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() },
    ]);
    expect(signingSecrets(secrets, now)).toHaveLength(2);
    expect(signingSecrets(secrets, new Date(now.getTime() + ROTATION_OVERLAP_MS))).toEqual([secrets[0]]);
  });
});

describe('signDelivery (Standard Webhooks)', () => {
  it('signs id.timestamp.body so that Webhook.verify accepts it, with the header timestamp being the signed one', () => {
    const secret = newWebhookSecret();
    const now = new Date();
    const headers = signDelivery('msg_1', body, [{ secret, createdAt: now.toISOString(), expiresAt: null }], now);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('a changed body, id or timestamp does not verify', () => {
    const secret = newWebhookSecret();
    const now = new Date();
    const headers = { ...signDelivery('msg_1', body, [{ secret, createdAt: now.toISOString(), expiresAt: null }], now) };
    const wh = new Webhook(secret);
    expect(() => wh.verify(body.replace('sub_1', 'sub_2'), headers)).toThrow(WebhookVerificationError);
    expect(() => wh.verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow(WebhookVerificationError);
    expect(() => wh.verify(body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) })).toThrow(
      WebhookVerificationError,
    );
  });

  it('with two live secrets sends two signatures and a receiver holding either one verifies', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const now = new Date();
    const headers = {
      ...signDelivery(
        'msg_1',
        body,
        [a, b].map((secret) => ({ secret, createdAt: now.toISOString(), expiresAt: null })),
        now,
      ),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(a).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(b).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('every attempt is signed afresh: an attempt made 10 minutes later carries a fresh timestamp that verifies', () => {
    const secret = newWebhookSecret();
    const s = [{ secret, createdAt: new Date().toISOString(), expiresAt: null }];
    const first = signDelivery('msg_1', body, s, new Date(Date.now() - 10 * 60_000));
    const retry = signDelivery('msg_1', body, s, new Date());
    expect(() => new Webhook(secret).verify(body, { ...first })).toThrow(/too old/);
    expect(() => new Webhook(secret).verify(body, { ...retry })).not.toThrow();
    expect(retry['webhook-id']).toBe(first['webhook-id']);
  });
});
