import type { Model } from 'mongoose';
import type { OwnedRepository } from '../port';
import { ofTenant, ownedBy } from './filters';
import { keyset } from './keyset';
import { fromDoc, toDoc } from './mapping';

/** The OwnedRepository of a tenant-owned aggregate in one collection (sites, routes, subscriptions). */
export function ownedDocs<T extends { id: string; tenantId: string }>(model: Model<unknown>): OwnedRepository<T> {
  const map = (doc: unknown) => fromDoc<T>(doc);
  return {
    async create(value) {
      await model.create(toDoc(value));
    },
    async createMany(values) {
      // ordered: a failure stops at that document, so what was written is a prefix the caller can report.
      if (values.length > 0) await model.insertMany(values.map(toDoc), { ordered: true });
    },
    async get(tenantId, id) {
      const doc = await model.findOne(ownedBy(tenantId, id)).lean();
      return doc ? map(doc) : null;
    },
    async replace(value) {
      // Validated like an insert: a replacement SQLite would refuse is refused here too.
      const res = await model.replaceOne(ownedBy(value.tenantId, value.id), toDoc(value), { runValidators: true });
      return res.matchedCount > 0;
    },
    async delete(tenantId, id) {
      return (await model.deleteOne(ownedBy(tenantId, id))).deletedCount > 0;
    },
    async getMany(tenantId, ids) {
      if (ids.length === 0) return [];
      return (await model.find({ ...ofTenant(tenantId), _id: { $in: ids } }).lean()).map(map);
    },
    async list(tenantId, page) {
      const k = keyset([{ name: '_id' }], true, page);
      const docs = await model
        .find({ ...ofTenant(tenantId), ...k.after })
        .sort(k.sort)
        .limit(k.limit)
        .lean();
      return k.page(docs, map);
    },
    async listAll() {
      // In the order of the {tenantId, _id} index (docs/scaling.md): read in index order, no in-memory sort.
      return (await model.find({}).sort({ tenantId: 1, _id: 1 }).lean()).map(map);
    },
  };
}
