import type { Delivery, DeliveryAttempt } from '../../domain';
import type { DeliveryRepository } from '../port';
import { byId, ofTenant, ownedBy, pendingDue } from './filters';
import { keyset } from './keyset';
import { fromDoc, toDoc } from './mapping';
import { flushStaleOutboxes } from './outbox';
import type { WebhookModels } from './webhookModels';

const toDelivery = (doc: unknown) => fromDoc<Delivery>(doc);
const attemptId = (a: Pick<DeliveryAttempt, 'deliveryId' | 'attempt'>) => `${a.deliveryId}#${a.attempt}`;

export function mongoDeliveries(m: WebhookModels): DeliveryRepository {
  return {
    async create(delivery) {
      await m.Deliveries.create(toDoc(delivery));
    },
    async get(tenantId, id) {
      const doc = await m.Deliveries.findOne(ownedBy(tenantId, id)).lean();
      return doc ? toDelivery(doc) : null;
    },
    async getById(id) {
      const doc = await m.Deliveries.findOne(byId(id)).lean();
      return doc ? toDelivery(doc) : null;
    },
    async listForSubscription(tenantId, subscriptionId, page) {
      const k = keyset([{ name: '_id' }], true, page);
      const docs = await m.Deliveries.find({ ...ofTenant(tenantId), subscriptionId: { $eq: subscriptionId }, ...k.after })
        .sort(k.sort)
        .limit(k.limit)
        .lean();
      return k.page(docs, toDelivery);
    },
    async update(delivery) {
      await m.Deliveries.replaceOne(ownedBy(delivery.tenantId, delivery.id), toDoc(delivery), { runValidators: true });
    },
    async recordAttempt(attempt) {
      // Recording the same attempt twice (a retried job) keeps the last outcome.
      // The filter carries the shard key: an upsert on a sharded collection must (docs/scaling.md).
      await m.Attempts.replaceOne(
        { ...byId(attemptId(attempt)), tenantId: { $eq: attempt.tenantId }, deliveryId: { $eq: attempt.deliveryId } },
        { _id: attemptId(attempt), ...attempt },
        { upsert: true, runValidators: true },
      );
    },
    async attempts(tenantId, deliveryId) {
      const docs = await m.Attempts.find({ ...ofTenant(tenantId), deliveryId: { $eq: deliveryId } })
        .sort({ attempt: 1 })
        .lean();
      return docs.map((d) => fromDoc<DeliveryAttempt>(d, null));
    },
    async listPending(dueBefore, limit) {
      // The durability sweep: first move crossings' deliveries a dead writer left in their state's outbox.
      await flushStaleOutboxes(m);
      const docs = await m.Deliveries.find(pendingDue(dueBefore)).sort({ nextAttemptAt: 1, _id: 1 }).limit(limit).lean();
      return docs.map(toDelivery);
    },
  };
}
