import type { DeliveryRepository } from '../port';
import { toMs } from '../time';
import type { Db } from './db';
import { keyset } from './keyset';
import { deliveries, deliveryAttempts } from './webhookTables';
import { writer } from './writer';

export function sqliteDeliveries(db: Db): DeliveryRepository {
  const insert = db.prepare(deliveries.insertSql);
  const byId = db.prepare('SELECT * FROM deliveries WHERE id = ?');
  const ofTenant = db.prepare('SELECT * FROM deliveries WHERE tenant_id = ? AND id = ?');
  const update = db.prepare(
    `UPDATE deliveries SET ${deliveries.assignments(['id', 'tenant_id'])} WHERE tenant_id = @tenant_id AND id = @id`,
  );
  // Recording the same attempt twice (a retried job) keeps the last outcome.
  const recordAttempt = db.prepare(
    `${deliveryAttempts.insertSql} ON CONFLICT (delivery_id, attempt) DO UPDATE SET ${deliveryAttempts.assignments(['delivery_id', 'attempt'])}`,
  );
  const attempts = db.prepare('SELECT * FROM delivery_attempts WHERE tenant_id = ? AND delivery_id = ? ORDER BY attempt');
  // A pending delivery without a due time is due now.
  const pending = db.prepare(
    `SELECT * FROM deliveries WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY next_attempt_at, id LIMIT ?`,
  );
  // Writers that wait for the lock off the loop (writer.ts): the notifier shares the API's thread.
  const insertRow = writer(db, (row: Record<string, unknown>) => void insert.run(row));
  const updateRow = writer(db, (row: Record<string, unknown>) => void update.run(row));
  const attemptRow = writer(db, (row: Record<string, unknown>) => void recordAttempt.run(row));
  return {
    async create(delivery) {
      await insertRow(deliveries.toRow(delivery));
    },
    async get(tenantId, id) {
      const row = ofTenant.get(tenantId, id);
      return row ? deliveries.fromRow(row) : null;
    },
    async getById(id) {
      const row = byId.get(id);
      return row ? deliveries.fromRow(row) : null;
    },
    async listForSubscription(tenantId, subscriptionId, page) {
      const k = keyset(['id'], true, page);
      const rows = db
        .prepare(
          `SELECT * FROM deliveries WHERE tenant_id = @tenantId AND subscription_id = @subscriptionId AND ${k.where} ORDER BY ${k.order} LIMIT @limit_plus_one`,
        )
        .all({ ...k.params, tenantId, subscriptionId });
      return k.page(rows, deliveries.fromRow);
    },
    async update(delivery) {
      await updateRow(deliveries.toRow(delivery));
    },
    async recordAttempt(attempt) {
      await attemptRow(deliveryAttempts.toRow(attempt));
    },
    async attempts(tenantId, deliveryId) {
      return attempts.all(tenantId, deliveryId).map(deliveryAttempts.fromRow);
    },
    async listPending(dueBefore, limit) {
      return pending.all(toMs(dueBefore), limit).map(deliveries.fromRow);
    },
  };
}
