import type { Delivery } from '../../domain';
import { byId } from './filters';

/** A state document by its `_id` and its shard key (docs/scaling.md). */
export type StateRef = { _id: string; tenantId: string };
export const stateFilter = (s: StateRef) => ({ ...byId(s._id), tenantId: { $eq: s.tenantId } });
import { isDuplicateKey, onlyDuplicateKeys, toDoc } from './mapping';
import type { WebhookModels } from './webhookModels';

/**
 * Without transactions, a crossing's deliveries ride in its state document (written by the same atomic
 * CAS), then move to the deliveries collection. Moving is idempotent (delivery ids are the `_id`s), so a
 * writer that dies in between leaves them for the next listPending sweep, never loses them.
 */
export async function flushOutbox(m: WebhookModels, state: StateRef, deliveries: Delivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  try {
    await m.Deliveries.insertMany(deliveries.map(toDoc), { ordered: false });
  } catch (err) {
    // Already moved by a sweep or an earlier try.
    if (!onlyDuplicateKeys(err) && !isDuplicateKey(err)) throw err;
  }
  await m.States.updateOne(stateFilter(state), { $pull: { outbox: { id: { $in: deliveries.map((d) => d.id) } } } });
}

/** Moves the deliveries of every state whose writer did not finish moving them. */
export async function flushStaleOutboxes(m: WebhookModels, limit = 100): Promise<void> {
  // The partial index on outbox.id holds only states with deliveries still to move, keyed by delivery id.
  const states = await m.States.find({ 'outbox.id': { $exists: true } }, { tenantId: 1, outbox: 1 })
    .limit(limit)
    .lean<{ _id: string; tenantId: string; outbox: Delivery[] }[]>();
  for (const s of states) await flushOutbox(m, { _id: s._id, tenantId: s.tenantId }, s.outbox);
}
