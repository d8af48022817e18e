import type { ApiKey } from '../../domain';
import type { ApiKeyRepository } from '../port';
import { toMs } from '../time';
import type { Db } from './db';
import { defineTable } from './table';
import { writer } from './writer';

const apiKeys = defineTable<ApiKey>('api_keys', {
  id: 'text',
  tenantId: 'text',
  role: 'text',
  name: 'text',
  prefix: 'text',
  hash: 'text',
  createdAt: 'time',
  revokedAt: 'time',
});

export function sqliteApiKeys(db: Db): ApiKeyRepository {
  const insert = db.prepare(apiKeys.insertSql);
  const byPrefix = db.prepare('SELECT * FROM api_keys WHERE prefix = ?');
  const ofTenant = db.prepare('SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY id');
  // A second revoke keeps the first revocation time.
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ifnull(revoked_at, @at) WHERE tenant_id = @tenantId AND id = @id');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM api_keys');
  const insertRow = writer(db, (row: Record<string, unknown>) => void insert.run(row));
  const revokeRow = writer(db, (tenantId: string, id: string, at: number) => revoke.run({ tenantId, id, at }).changes > 0);
  return {
    async create(key) {
      await insertRow(apiKeys.toRow(key));
    },
    async findByPrefix(prefix) {
      const row = byPrefix.get(prefix);
      return row ? apiKeys.fromRow(row) : null;
    },
    async list(tenantId) {
      return ofTenant.all(tenantId).map(apiKeys.fromRow);
    },
    async revoke(tenantId, id, at) {
      return revokeRow(tenantId, id, toMs(at));
    },
    async count() {
      return count.get()!.n;
    },
  };
}
