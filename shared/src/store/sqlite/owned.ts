import type { OwnedRepository } from '../port';
import type { Db } from './db';
import { keyset } from './keyset';
import type { Table } from './table';
import { writer } from './writer';

/** The OwnedRepository of a tenant-owned aggregate in one table (sites, routes, subscriptions). */
export function ownedRows<T extends { id: string; tenantId: string }>(db: Db, table: Table<T>): OwnedRepository<T> {
  const t = table.name;
  const insert = db.prepare(table.insertSql);
  const byId = db.prepare(`SELECT * FROM ${t} WHERE tenant_id = ? AND id = ?`);
  const replace = db.prepare(
    `UPDATE ${t} SET ${table.assignments(['id', 'tenant_id'])} WHERE tenant_id = @tenant_id AND id = @id`,
  );
  const remove = db.prepare(`DELETE FROM ${t} WHERE tenant_id = ? AND id = ?`);
  const all = db.prepare(`SELECT * FROM ${t} ORDER BY tenant_id, id`);
  // One commit (one fsync under synchronous = FULL) for the whole list instead of one per row.
  const insertMany = writer(db, (values: T[]) => {
    for (const v of values) insert.run(table.toRow(v));
  });
  const update = writer(db, (value: T) => replace.run(table.toRow(value)).changes > 0);
  const deleteOne = writer(db, (tenantId: string, id: string) => remove.run(tenantId, id).changes > 0);
  return {
    async create(value) {
      await insertMany([value]);
    },
    async createMany(values) {
      if (values.length > 0) await insertMany(values);
    },
    async get(tenantId, id) {
      const row = byId.get(tenantId, id);
      return row ? table.fromRow(row) : null;
    },
    async replace(value) {
      return update(value);
    },
    async delete(tenantId, id) {
      return deleteOne(tenantId, id);
    },
    async getMany(tenantId, ids) {
      if (ids.length === 0) return [];
      return db
        .prepare(`SELECT * FROM ${t} WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))`)
        .all(tenantId, JSON.stringify(ids))
        .map(table.fromRow);
    },
    async list(tenantId, page) {
      const k = keyset(['id'], true, page);
      const rows = db
        .prepare(`SELECT * FROM ${t} WHERE tenant_id = @tenantId AND ${k.where} ORDER BY ${k.order} LIMIT @limit_plus_one`)
        .all({ ...k.params, tenantId });
      return k.page(rows, table.fromRow);
    },
    async listAll() {
      return all.all().map(table.fromRow);
    },
  };
}
