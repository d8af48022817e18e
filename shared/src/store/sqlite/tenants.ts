import type { Tenant } from '../../domain';
import type { TenantRepository } from '../port';
import type { Db } from './db';
import { defineTable } from './table';

const tenants = defineTable<Tenant>('tenants', { id: 'text', name: 'text', createdAt: 'time' });

export function sqliteTenants(db: Db): TenantRepository {
  const insert = db.prepare(`${tenants.insertSql} ON CONFLICT (id) DO NOTHING`);
  const byId = db.prepare('SELECT * FROM tenants WHERE id = ?');
  const all = db.prepare('SELECT * FROM tenants ORDER BY id');
  return {
    async ensure(tenant) {
      insert.run(tenants.toRow(tenant));
    },
    async get(id) {
      const row = byId.get(id);
      return row ? tenants.fromRow(row) : null;
    },
    async list() {
      return all.all().map(tenants.fromRow);
    },
  };
}
