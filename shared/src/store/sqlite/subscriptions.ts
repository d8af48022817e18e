import type { Delivery, SubscriptionState } from '../../domain';
import type { SubscriptionRepository } from '../port';
import type { Db } from './db';
import { ownedRows } from './owned';
import { deliveries, subscriptionStates, subscriptions } from './webhookTables';
import { writer } from './writer';

const PAIR =
  'tenant_id = @tenantId AND subscription_id = @subscriptionId AND subject_type = @subjectType AND subject_id = @subjectId';

export function sqliteSubscriptions(db: Db): SubscriptionRepository {
  const rows = ownedRows(db, subscriptions);
  const active = db.prepare(`SELECT * FROM subscriptions WHERE tenant_id = ? AND status = 'active' ORDER BY id`);
  const state = db.prepare(`SELECT * FROM subscription_states WHERE ${PAIR}`);
  const upsertState = db.prepare(
    `${subscriptionStates.insertSql} ON CONFLICT (tenant_id, subscription_id, subject_type, subject_id) DO UPDATE SET ${subscriptionStates.assignments([])}`,
  );
  const insertDelivery = db.prepare(deliveries.insertSql);
  const statesOfSubscription = db.prepare('DELETE FROM subscription_states WHERE tenant_id = ? AND subscription_id = ?');
  const remove = db.prepare('DELETE FROM subscriptions WHERE tenant_id = ? AND id = ?');
  const statesOfSubject = db.prepare(
    'DELETE FROM subscription_states WHERE tenant_id = ? AND subject_type = ? AND subject_id = ?',
  );

  // A crossing is stored with its deliveries or not at all (port.ts): CAS and inserts in one transaction.
  const saveState = writer(db, (next: SubscriptionState, expectedSequence: number, produced: Delivery[]) => {
    const stored = state.get(next) as { sequence: number } | undefined;
    if ((stored?.sequence ?? 0) !== expectedSequence) return false;
    upsertState.run(subscriptionStates.toRow(next));
    for (const d of produced) insertDelivery.run(deliveries.toRow(d));
    return true;
  });
  const deleteSubscription = writer(db, (tenantId: string, id: string) => {
    statesOfSubscription.run(tenantId, id);
    return remove.run(tenantId, id).changes > 0;
  });

  return {
    create: rows.create,
    get: rows.get,
    list: rows.list,
    async listActive(tenantId) {
      return active.all(tenantId).map(subscriptions.fromRow);
    },
    update: rows.replace,
    // Deliveries stay: they are the log, and the notifier drops those whose subscription is gone.
    delete: async (tenantId, id) => deleteSubscription(tenantId, id),
    async getState(tenantId, subscriptionId, subjectType, subjectId) {
      const row = state.get({ tenantId, subscriptionId, subjectType, subjectId });
      return row ? subscriptionStates.fromRow(row) : null;
    },
    saveStateWithDeliveries: async (next, expectedSequence, produced) => saveState(next, expectedSequence, produced),
    async deleteStatesForSubject(tenantId, subjectType, subjectId) {
      statesOfSubject.run(tenantId, subjectType, subjectId);
    },
  };
}
