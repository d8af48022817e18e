import { aDelivery, aDeliveryAttempt, hoursAfterT0 } from '../../testing/store/builders';
import type { CurrentStore } from './describeStoreContract';
import { allPages } from './pages';

export function deliveriesContract(store: CurrentStore): void {
  describe('deliveries', () => {
    it('creates, gets (within the tenant, or by id for workers) and updates', async () => {
      const d = aDelivery({ tenantId: 'acme' });
      await store().deliveries.create(d);
      expect(await store().deliveries.get('acme', d.id)).toEqual(d);
      expect(await store().deliveries.get('other', d.id)).toBeNull();
      expect(await store().deliveries.getById(d.id)).toEqual(d);
      expect(await store().deliveries.getById('msg_missing')).toBeNull();
      const delivered = {
        ...d,
        status: 'delivered' as const,
        attempts: 1,
        chainAttempts: 1,
        lastStatusCode: 204,
        nextAttemptAt: null,
        deliveredAt: hoursAfterT0(1),
        updatedAt: hoursAfterT0(1),
      };
      await store().deliveries.update(delivered);
      expect(await store().deliveries.getById(d.id)).toEqual(delivered);
      await store().deliveries.update({ ...delivered, tenantId: 'other', status: 'failed' });
      expect((await store().deliveries.getById(d.id))?.status).toBe('delivered');
    });

    it('lists a subscription’s deliveries newest first over pages, the tenant’s only', async () => {
      const mine = Array.from({ length: 5 }, () => aDelivery({ tenantId: 'acme', subscriptionId: 'sub_1' }));
      for (const d of [
        ...mine,
        aDelivery({ tenantId: 'acme', subscriptionId: 'sub_2' }),
        aDelivery({ tenantId: 'other', subscriptionId: 'sub_1' }),
      ]) {
        await store().deliveries.create(d);
      }
      const { items, sizes } = await allPages((page) => store().deliveries.listForSubscription('acme', 'sub_1', page), 2);
      expect(sizes).toEqual([2, 2, 1]);
      expect(items).toEqual([...mine].reverse());
    });

    it('records attempts in order, replacing a re-recorded attempt, within the tenant', async () => {
      const d = aDelivery({ tenantId: 'acme' });
      await store().deliveries.create(d);
      const second = aDeliveryAttempt({ deliveryId: d.id, tenantId: 'acme', attempt: 2, at: hoursAfterT0(1), statusCode: 204 });
      const first = aDeliveryAttempt({
        deliveryId: d.id,
        tenantId: 'acme',
        attempt: 1,
        statusCode: null,
        error: 'ECONNREFUSED',
        latencyMs: 3,
      });
      await store().deliveries.recordAttempt(second);
      await store().deliveries.recordAttempt({ ...first, error: 'timeout' });
      await store().deliveries.recordAttempt(first);
      expect(await store().deliveries.attempts('acme', d.id)).toEqual([first, second]);
      expect(await store().deliveries.attempts('other', d.id)).toEqual([]);
    });

    it('lists pending deliveries due by an instant', async () => {
      const due = aDelivery({ nextAttemptAt: hoursAfterT0(-1) });
      const dueNow = aDelivery({ nextAttemptAt: hoursAfterT0(0) });
      const later = aDelivery({ nextAttemptAt: hoursAfterT0(1) });
      const done = aDelivery({ status: 'delivered', nextAttemptAt: null, deliveredAt: hoursAfterT0(0) });
      const failed = aDelivery({ status: 'failed', nextAttemptAt: null });
      for (const d of [later, dueNow, due, done, failed]) await store().deliveries.create(d);
      expect((await store().deliveries.listPending(hoursAfterT0(0), 10)).map((d) => d.id)).toEqual([due.id, dueNow.id]);
      expect(await store().deliveries.listPending(hoursAfterT0(0), 1)).toHaveLength(1);
    });
  });
}
