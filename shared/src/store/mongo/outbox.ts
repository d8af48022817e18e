import type { Delivery } from '../../domain';
import { byId } from './filters';
import { isDuplicateKey, onlyDuplicateKeys, toDoc } from './mapping';
import type { WebhookModels } from './webhookModels';

/**
 * Without transactions, a crossing's deliveries ride in its state document (written by the same atomic
 * CAS), then move to the deliveries collection. Moving is idempotent (delivery ids are the `_id`s), so a
 * writer that dies in between leaves them for the next listPending sweep, never loses them.
 */
export async function flushOutbox(m: WebhookModels, stateId: string, deliveries: Delivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  try {
    await m.Deliveries.insertMany(deliveries.map(toDoc), { ordered: false });
  } catch (err) {
    // Already moved by a sweep or an earlier try.
    if (!onlyDuplicateKeys(err) && !isDuplicateKey(err)) throw err;
  }
  await m.States.updateOne(byId(stateId), { $pull: { outbox: { id: { $in: deliveries.map((d) => d.id) } } } });
}

/** Moves the deliveries of every state whose writer did not finish moving them. */
export async function flushStaleOutboxes(m: WebhookModels, limit = 100): Promise<void> {
  const states = await m.States.find({ 'outbox.0': { $exists: true } }, { outbox: 1 })
    .limit(limit)
    .lean<{ _id: string; outbox: Delivery[] }[]>();
  for (const s of states) await flushOutbox(m, s._id, s.outbox);
}
