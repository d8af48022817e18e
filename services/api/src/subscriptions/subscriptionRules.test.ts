import type { Store } from '@minerisk/shared/store/port';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import { createSubscription, publicSubscription, rotateSecret, subscriptionInputSchema } from './subscriptionRules';

const now = new Date('2026-03-01T00:00:00.000Z');

describe('subscriptionInputSchema', () => {
  const valid = { url: 'https://hooks.example.com/minerisk', threshold: 70, direction: 'up' };

  it('applies the defaults: hysteresis 5, no pending time, no cooldown', () => {
    expect(subscriptionInputSchema.parse(valid)).toEqual({
      ...valid,
      hysteresis: 5,
      pendingMinutes: 0,
      cooldownMinutes: 0,
      metric: 'score',
    });
  });

  it.each([
    ['an ftp URL', { url: 'ftp://hooks.example.com/x' }],
    ['a file URL', { url: 'file:///etc/passwd' }],
    ['not a URL', { url: 'hooks' }],
    ['credentials in the URL', { url: 'https://user:pw@hooks.example.com/x' }],
    ['a threshold above 100', { threshold: 101 }],
    ['a negative threshold', { threshold: -1 }],
    ['an unknown direction', { direction: 'sideways' }],
    ['hysteresis above 50', { hysteresis: 51 }],
    ['an unknown filter subject type', { filter: { subjectType: 'mine' } }],
    ['an unknown field', { colour: 'red' }],
    ['fractional pending minutes', { pendingMinutes: 1.5 }],
  ])('refuses %s', (_what, patch) => {
    expect(subscriptionInputSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });

  it('accepts a filter, a description, pending time and cooldown', () => {
    const input = {
      ...valid,
      direction: 'both',
      filter: { subjectType: 'route', subjectIds: ['route_1'] },
      description: 'fuel corridor',
      pendingMinutes: 15,
      cooldownMinutes: 60,
      hysteresis: 2.5,
    };
    expect(subscriptionInputSchema.parse(input)).toEqual({ ...input, metric: 'score' });
  });
});

describe('subscription use cases (SQLite store)', () => {
  let store: Store;
  beforeEach(() => (store = openSqliteStore({ file: ':memory:' })));
  afterEach(() => store.close());

  it('creates an active subscription with one Standard Webhooks secret, shown once and never in the public view', async () => {
    const { subscription, secret } = await createSubscription(
      store,
      'acme',
      { url: 'https://hooks.example.com/a', threshold: 60, direction: 'down', filter: { subjectType: 'site' } },
      now,
    );
    expect(secret).toMatch(/^whsec_/);
    expect(subscription).toMatchObject({
      tenantId: 'acme',
      status: 'active',
      hysteresis: 5,
      description: null,
      filter: { subjectType: 'site' },
      failingSince: null,
    });
    expect(await store.subscriptions.get('acme', subscription.id)).toEqual(subscription);
    expect(JSON.stringify(publicSubscription(subscription))).not.toContain(secret);
    expect(publicSubscription(subscription)).not.toHaveProperty('secrets');
  });

  it('rotates: a new secret, the old one kept for 24 h; unknown ids and other tenants get null', async () => {
    const { subscription, secret } = await createSubscription(
      store,
      'acme',
      { url: 'https://hooks.example.com/a', threshold: 60, direction: 'up' },
      now,
    );
    const rotated = await rotateSecret(store, 'acme', subscription.id, now);
    expect(rotated?.secret).not.toBe(secret);
    expect((await store.subscriptions.get('acme', subscription.id))?.secrets).toEqual([
      { secret: rotated!.secret, createdAt: now.toISOString(), expiresAt: null },
      { secret, createdAt: now.toISOString(), expiresAt: '2026-03-02T00:00:00.000Z' },
    ]);
    expect(await rotateSecret(store, 'globex', subscription.id, now)).toBeNull();
    expect(await rotateSecret(store, 'acme', 'sub_missing', now)).toBeNull();
  });
});
