import type { Subscription, SubscriptionState } from '../../domain';
import type { SubscriptionRepository } from '../port';
import { ofSubject, ofTenant } from './filters';
import { fromDoc, isDuplicateKey, toDoc } from './mapping';
import { flushOutbox, stateFilter } from './outbox';
import { ownedDocs } from './owned';
import { stateKey, type WebhookModels } from './webhookModels';

const toState = (doc: unknown) => fromDoc<SubscriptionState>(doc, null, ['outbox']);
/** Subscriptions stored before `metric` existed watch the score. */
const withMetric = (sub: Subscription): Subscription => ({ ...sub, metric: sub.metric ?? 'score' });

export function mongoSubscriptions(m: WebhookModels): SubscriptionRepository {
  const docs = ownedDocs<Subscription>(m.Subscriptions);
  return {
    create: docs.create,
    async get(tenantId, id) {
      const found = await docs.get(tenantId, id);
      return found ? withMetric(found) : null;
    },
    async list(tenantId, page) {
      const found = await docs.list(tenantId, page);
      return { ...found, items: found.items.map(withMetric) };
    },
    async listActive(tenantId) {
      const found = await m.Subscriptions.find({ ...ofTenant(tenantId), status: { $eq: 'active' } })
        .sort({ _id: 1 })
        .lean();
      return found.map((d) => withMetric(fromDoc<Subscription>(d)));
    },
    update: docs.replace,
    async delete(tenantId, id) {
      const deleted = await docs.delete(tenantId, id);
      // Deliveries stay: they are the log, and the notifier drops those whose subscription is gone.
      if (deleted) await m.States.deleteMany({ ...ofTenant(tenantId), subscriptionId: { $eq: id } });
      return deleted;
    },
    async getState(tenantId, subscriptionId, subjectType, subjectId) {
      const doc = await m.States.findOne(
        stateFilter({ _id: stateKey({ tenantId, subscriptionId, subjectType, subjectId }), tenantId }),
      ).lean();
      return doc ? toState(doc) : null;
    },
    async saveStateWithDeliveries(state, expectedSequence, deliveries) {
      // Refuse bad rows before writing anything (no transaction to roll back).
      await Promise.all(
        [new m.States({ _id: stateKey(state), ...state }), ...deliveries.map((d) => new m.Deliveries(toDoc(d)))].map((doc) =>
          doc.validate(),
        ),
      );
      const id = stateKey(state);
      try {
        const res = await m.States.updateOne(
          { ...stateFilter({ _id: id, tenantId: state.tenantId }), sequence: { $eq: expectedSequence } },
          { $set: state, $push: { outbox: { $each: deliveries } } },
          { upsert: expectedSequence === 0, runValidators: true },
        );
        if (res.matchedCount === 0 && res.upsertedCount === 0) return false;
      } catch (err) {
        // expectedSequence 0 but a state exists: the upsert collided with it, another writer got there first.
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      await flushOutbox(m, { _id: id, tenantId: state.tenantId }, deliveries);
      return true;
    },
    async deleteStatesForSubject(tenantId, subjectType, subjectId) {
      await m.States.deleteMany(ofSubject(tenantId, subjectType, subjectId));
    },
  };
}
