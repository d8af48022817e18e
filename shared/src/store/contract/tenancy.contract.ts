import { aFeedState, anApiKey, aTenant, hoursAfterT0 } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';
import { expectStoreRefusal } from './rejects';

export function tenancyContract(store: CurrentStore): void {
  describe('deployment', () => {
    it('creates its identity once: every call, however many at once, gets the same', async () => {
      const ids = await Promise.all([1, 2, 3, 4].map(() => store().deployment.identity()));
      expect(ids[0]).toMatch(/^[a-z0-9]{8,32}$/);
      expect(new Set(ids).size).toBe(1);
      expect(await store().deployment.identity()).toBe(ids[0]);
    });
  });

  describe('tenants', () => {
    it('ensures a tenant once, keeping the first one', async () => {
      const t = aTenant();
      await store().tenants.ensure(t);
      await store().tenants.ensure({ ...t, name: 'renamed' });
      expect(await store().tenants.get(t.id)).toEqual(t);
      expect(await store().tenants.get('nobody')).toBeNull();
    });

    it('lists tenants by id', async () => {
      const [b, a] = [aTenant({ id: 'bbb' }), aTenant({ id: 'aaa' })];
      await store().tenants.ensure(b);
      await store().tenants.ensure(a);
      expect(await store().tenants.list()).toEqual([a, b]);
    });
  });

  describe('apiKeys', () => {
    it('finds a key by its prefix across tenants, and counts keys', async () => {
      const key = anApiKey({ tenantId: 'acme', role: 'admin', name: 'ops' });
      await store().apiKeys.create(key);
      await store().apiKeys.create(anApiKey({ tenantId: 'other' }));
      expect(await store().apiKeys.findByPrefix(key.prefix)).toEqual(key);
      expect(await store().apiKeys.findByPrefix('mr_unknown')).toBeNull();
      expect(await store().apiKeys.count()).toBe(2);
    });

    it('lists only the tenant’s keys', async () => {
      const mine = [anApiKey({ tenantId: 'acme' }), anApiKey({ tenantId: 'acme' })];
      for (const k of [...mine, anApiKey({ tenantId: 'other' })]) await store().apiKeys.create(k);
      expect(await store().apiKeys.list('acme')).toEqual(mine);
    });

    it('refuses a second key with the same prefix', async () => {
      const key = anApiKey();
      await store().apiKeys.create(key);
      await expectStoreRefusal(store().apiKeys.create(anApiKey({ prefix: key.prefix })));
    });

    it('revokes only within the tenant, keeping the first revocation time', async () => {
      const key = anApiKey({ tenantId: 'acme' });
      await store().apiKeys.create(key);
      expect(await store().apiKeys.revoke('other', key.id, hoursAfterT0(1))).toBe(false);
      expect((await store().apiKeys.findByPrefix(key.prefix))?.revokedAt).toBeNull();
      expect(await store().apiKeys.revoke('acme', key.id, hoursAfterT0(1))).toBe(true);
      expect(await store().apiKeys.revoke('acme', key.id, hoursAfterT0(2))).toBe(true);
      expect((await store().apiKeys.findByPrefix(key.prefix))?.revokedAt).toBe(hoursAfterT0(1));
      expect(await store().apiKeys.revoke('acme', 'key_missing', hoursAfterT0(1))).toBe(false);
    });
  });

  describe('feeds', () => {
    it('puts, overwrites and lists feed states', async () => {
      expect(await store().feeds.get('usgs')).toBeNull();
      const first = aFeedState({ feedId: 'usgs' });
      await store().feeds.put(first);
      const polled = {
        ...first,
        etag: '"abc"',
        lastModified: 'Wed, 15 Jan 2025 12:00:00 GMT',
        lastPollAt: hoursAfterT0(1),
        lastSuccessAt: hoursAfterT0(1),
        items: 12,
        acceptedTotal: 40,
        nextPollAt: hoursAfterT0(2),
      };
      await store().feeds.put(polled);
      const other = aFeedState({
        feedId: 'cap-nws',
        format: 'cap',
        lastError: 'HTTP 503',
        lastErrorAt: hoursAfterT0(1),
        consecutiveFailures: 3,
      });
      await store().feeds.put(other);
      expect(await store().feeds.get('usgs')).toEqual(polled);
      expect(await store().feeds.list()).toEqual([other, polled]);
    });
  });

  describe('store', () => {
    it('answers a ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
      expect(['sqlite', 'mongo']).toContain(store().kind);
    });
  });
}
