/**
 * The shard key planned for each collection (docs/scaling.md), or null: stays unsharded on its primary
 * shard (small, or read whole). Tests check the plan against what the adapter sends: every unique index of
 * a sharded collection starts with its shard key (MongoDB requires it), and every single-document write
 * names the whole shard key, so it goes to one shard (and an upsert is allowed at all).
 */
export const SHARD_KEYS: Record<string, Record<string, 1 | 'hashed'> | null> = {
  // Written once, read by cells (scatter-gather, one index range per shard) and by identity key.
  events: { idKey: 'hashed' },
  // Per-tenant reads (lists, ETag) stay on the shards holding that tenant's range.
  scores: { tenantId: 1, _id: 1 },
  score_history: { tenantId: 1, subjectType: 1, subjectId: 1 },
  subject_seqs: { tenantId: 1, _id: 1 },
  subscription_states: { tenantId: 1, _id: 1 },
  deliveries: { tenantId: 1, _id: 1 },
  delivery_attempts: { tenantId: 1, deliveryId: 1 },
  // Small: one document per tenant, key, site, route, subscription or feed.
  score_stamps: null,
  tenants: null,
  api_keys: null,
  sites: null,
  routes: null,
  subscriptions: null,
  feed_states: null,
  // One document: the deployment's identity.
  meta: null,
  // One document per site with a supply plan (or per tenant, the stamps): small beside scores and events.
  supply_plans: null,
  supply_scores: null,
  supply_seqs: null,
  supply_stamps: null,
};
