import { Schema, type Connection, type Model } from 'mongoose';
import type { ApiKey, Tenant } from '../../domain';
import type { ApiKeyRepository, TenantRepository } from '../port';
import { byId, ofTenant, ownedBy } from './filters';
import { fromDoc, isDuplicateKey, PLAIN, toDate, toDoc } from './mapping';

export const tenantSchema = new Schema(
  { _id: String, name: { type: String, required: true }, createdAt: { type: Date, required: true } },
  PLAIN,
);

export const apiKeySchema = new Schema(
  {
    _id: String,
    tenantId: { type: String, required: true },
    role: { type: String, required: true },
    name: { type: String, default: null },
    prefix: { type: String, required: true },
    hash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  PLAIN,
);
// apiKeys.findByPrefix: every authenticated request; unique so that a prefix names one key.
apiKeySchema.index({ prefix: 1 }, { unique: true });
// apiKeys.list(tenantId), in id order.
apiKeySchema.index({ tenantId: 1, _id: 1 });

export function mongoTenants(conn: Connection): TenantRepository {
  const Tenants: Model<unknown> = conn.model<unknown>('Tenant', tenantSchema, 'tenants');
  return {
    async ensure(tenant) {
      try {
        // The upsert takes _id from the filter; an existing tenant keeps its name.
        await Tenants.updateOne(
          byId(tenant.id),
          { $setOnInsert: { name: tenant.name, createdAt: tenant.createdAt } },
          { upsert: true },
        );
      } catch (err) {
        // Two processes ensuring the same tenant at once: the other one created it.
        if (!isDuplicateKey(err)) throw err;
      }
    },
    async get(id) {
      const doc = await Tenants.findOne(byId(id)).lean();
      return doc ? fromDoc<Tenant>(doc) : null;
    },
    async list() {
      return (await Tenants.find({}).sort({ _id: 1 }).lean()).map((d) => fromDoc<Tenant>(d));
    },
  };
}

export function mongoApiKeys(conn: Connection): ApiKeyRepository {
  const Keys: Model<unknown> = conn.model<unknown>('ApiKey', apiKeySchema, 'api_keys');
  return {
    async create(key) {
      await Keys.create(toDoc(key));
    },
    async findByPrefix(prefix) {
      const doc = await Keys.findOne({ prefix: { $eq: prefix } }).lean();
      return doc ? fromDoc<ApiKey>(doc) : null;
    },
    async list(tenantId) {
      return (await Keys.find(ofTenant(tenantId)).sort({ _id: 1 }).lean()).map((d) => fromDoc<ApiKey>(d));
    },
    async revoke(tenantId, id, at) {
      // A second revoke keeps the first revocation time.
      const res = await Keys.updateOne(
        { ...ownedBy(tenantId, id), revokedAt: { $eq: null } },
        { $set: { revokedAt: toDate(at) } },
      );
      if (res.matchedCount > 0) return true;
      return (await Keys.exists(ownedBy(tenantId, id))) !== null;
    },
    async count() {
      return Keys.countDocuments({});
    },
  };
}
