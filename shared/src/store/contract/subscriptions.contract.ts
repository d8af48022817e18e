import type { Delivery } from '../../domain';
import { aDelivery, aSubscription, aSubscriptionState, hoursAfterT0 } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';
import { allPages } from './pages';
import { expectStoreRefusal } from './rejects';

export function subscriptionsContract(store: CurrentStore): void {
  describe('subscriptions', () => {
    it('creates, gets, updates and deletes within the tenant only', async () => {
      const sub = aSubscription({ tenantId: 'acme', filter: { subjectType: 'route', subjectIds: ['route_1'] } });
      await store().subscriptions.create(sub);
      expect(await store().subscriptions.get('acme', sub.id)).toEqual(sub);
      expect(await store().subscriptions.get('other', sub.id)).toBeNull();
      const disabled = {
        ...sub,
        status: 'disabled' as const,
        disabledReason: 'failing for 3 days',
        failingSince: hoursAfterT0(-72),
        updatedAt: hoursAfterT0(1),
      };
      expect(await store().subscriptions.update({ ...disabled, tenantId: 'other' })).toBe(false);
      expect(await store().subscriptions.update(disabled)).toBe(true);
      expect(await store().subscriptions.get('acme', sub.id)).toEqual(disabled);
      expect(await store().subscriptions.delete('other', sub.id)).toBe(false);
      expect(await store().subscriptions.delete('acme', sub.id)).toBe(true);
      expect(await store().subscriptions.get('acme', sub.id)).toBeNull();
    });

    it('lists newest first over pages, and the active ones of a tenant', async () => {
      const subs = [
        aSubscription({ tenantId: 'acme' }),
        aSubscription({ tenantId: 'acme', status: 'disabled' }),
        aSubscription({ tenantId: 'acme' }),
      ];
      for (const s of [...subs, aSubscription({ tenantId: 'other' })]) await store().subscriptions.create(s);
      const { items, sizes } = await allPages((page) => store().subscriptions.list('acme', page), 2);
      expect(sizes).toEqual([2, 1]);
      expect(items).toEqual([...subs].reverse());
      expect((await store().subscriptions.listActive('acme')).map((s) => s.id).sort()).toEqual([subs[0]!.id, subs[2]!.id].sort());
    });
  });

  describe('subscription states', () => {
    const pair = (sub: { id: string }) => ['acme', sub.id, 'site', 'site_1'] as const;

    it('stores a state and its deliveries together, compare-and-set on the sequence', async () => {
      const sub = aSubscription({ tenantId: 'acme' });
      await store().subscriptions.create(sub);
      expect(await store().subscriptions.getState(...pair(sub))).toBeNull();
      const crossed = aSubscriptionState({ tenantId: 'acme', subscriptionId: sub.id, subjectId: 'site_1', sequence: 1 });
      const delivery = aDelivery({ tenantId: 'acme', subscriptionId: sub.id });
      expect(await store().subscriptions.saveStateWithDeliveries(crossed, 0, [delivery])).toBe(true);
      expect(await store().subscriptions.getState(...pair(sub))).toEqual(crossed);
      expect(await store().deliveries.get('acme', delivery.id)).toEqual(delivery);
      expect(await store().subscriptions.getState('other', sub.id, 'site', 'site_1')).toBeNull();

      // A writer that read no state (or an older one) loses, and its deliveries are not stored.
      const loser = aDelivery({ tenantId: 'acme', subscriptionId: sub.id });
      const racing = { ...crossed, state: 'clear' as const, sequence: 1 };
      expect(await store().subscriptions.saveStateWithDeliveries(racing, 0, [loser])).toBe(false);
      expect(await store().deliveries.get('acme', loser.id)).toBeNull();
      expect(await store().subscriptions.getState(...pair(sub))).toEqual(crossed);

      const resolved = {
        ...crossed,
        state: 'clear' as const,
        crossedDirection: null,
        lastScore: 50,
        sequence: 2,
        updatedAt: hoursAfterT0(1),
      };
      expect(await store().subscriptions.saveStateWithDeliveries(resolved, 1, [])).toBe(true);
      expect(await store().subscriptions.getState(...pair(sub))).toEqual(resolved);
      expect(await store().subscriptions.saveStateWithDeliveries({ ...resolved, sequence: 3 }, 1, [])).toBe(false);
    });

    it('stores neither the state nor any delivery when one delivery is bad', async () => {
      const sub = aSubscription({ tenantId: 'acme' });
      await store().subscriptions.create(sub);
      const good = aDelivery({ tenantId: 'acme', subscriptionId: sub.id });
      const bad: Delivery = { ...aDelivery({ tenantId: 'acme', subscriptionId: sub.id }), payload: null as unknown as string };
      const state = aSubscriptionState({ tenantId: 'acme', subscriptionId: sub.id, subjectId: 'site_1' });
      await expectStoreRefusal(store().subscriptions.saveStateWithDeliveries(state, 0, [good, bad]));
      expect(await store().subscriptions.getState(...pair(sub))).toBeNull();
      expect(await store().deliveries.get('acme', good.id)).toBeNull();
    });

    it('deletes the states of a subject, and those of a deleted subscription', async () => {
      const sub = aSubscription({ tenantId: 'acme' });
      await store().subscriptions.create(sub);
      for (const subjectId of ['site_1', 'site_2']) {
        await store().subscriptions.saveStateWithDeliveries(
          aSubscriptionState({ tenantId: 'acme', subscriptionId: sub.id, subjectId }),
          0,
          [],
        );
      }
      await store().subscriptions.deleteStatesForSubject('other', 'site', 'site_1');
      expect(await store().subscriptions.getState(...pair(sub))).not.toBeNull();
      await store().subscriptions.deleteStatesForSubject('acme', 'site', 'site_1');
      expect(await store().subscriptions.getState(...pair(sub))).toBeNull();
      expect(await store().subscriptions.getState('acme', sub.id, 'site', 'site_2')).not.toBeNull();
      await store().subscriptions.delete('acme', sub.id);
      expect(await store().subscriptions.getState('acme', sub.id, 'site', 'site_2')).toBeNull();
    });
  });
}
