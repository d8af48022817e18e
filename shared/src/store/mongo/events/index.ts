import type { Connection } from 'mongoose';
import { eventIdentityKey, type RiskEvent } from '../../../domain';
import type { EventRepository } from '../../port';
import { byId, eventQuery, identityFilter, visibleTo } from '../filters';
import { keyset } from '../keyset';
import { fromDoc, toDate } from '../mapping';
import { mongoAcceptEvents } from './accept';
import { mongoScoringCandidates } from './candidates';
import { EVENT_INTERNAL, eventSchema } from './schema';

const toEvent = (doc: unknown) => fromDoc<RiskEvent>(doc, 'id', EVENT_INTERNAL);

export function mongoEvents(conn: Connection): EventRepository {
  const Events = conn.model<unknown>('Event', eventSchema, 'events');
  return {
    accept: (batch) => mongoAcceptEvents(Events, batch),
    async get(tenantId, id) {
      const doc = await Events.findOne({ ...byId(id), ...visibleTo(tenantId) }).lean();
      return doc ? toEvent(doc) : null;
    },
    async getById(id) {
      const doc = await Events.findOne(byId(id)).lean();
      return doc ? toEvent(doc) : null;
    },
    async getMany(ids) {
      const found = new Map((await Events.find({ _id: { $in: ids } }).lean<{ _id: string }[]>()).map((d) => [d._id, toEvent(d)]));
      // In the order asked for; unknown ids are left out.
      return [...new Set(ids)].flatMap((id) => found.get(id) ?? []);
    },
    async query(tenantId, q, page) {
      const k = keyset([{ name: 'knownAt', time: true }, { name: '_id' }], true, page);
      const docs = await Events.find({ $and: [eventQuery(tenantId, q), k.after] })
        .sort(k.sort)
        .limit(k.limit)
        .lean();
      return k.page(docs, toEvent);
    },
    scoringCandidates: (q) => mongoScoringCandidates(Events, q),
    async versionsOf(identities) {
      if (identities.length === 0) return [];
      // One `$in` on the identity key (unique index idKey+version); sorted per identity as the port says.
      const docs = await Events.find(identityFilter(identities)).lean();
      const order = new Map(identities.map((i, n) => [eventIdentityKey(i), n]));
      return docs
        .map(toEvent)
        .sort(
          (a, b) =>
            order.get(eventIdentityKey(a))! - order.get(eventIdentityKey(b))! ||
            a.version - b.version ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
    },
    async markProcessed(ids, at) {
      // The first application counts: a re-queued duplicate job does not move processedAt.
      await Events.updateMany({ _id: { $in: ids }, processedAt: { $eq: null } }, { $set: { processedAt: toDate(at) } });
    },
    async listUnprocessed(knownBefore, limit) {
      const docs = await Events.find({ processedAt: { $eq: null }, knownAt: { $lt: toDate(knownBefore) } })
        .sort({ knownAt: 1, _id: 1 })
        .limit(limit)
        .lean();
      return docs.map(toEvent);
    },
  };
}
