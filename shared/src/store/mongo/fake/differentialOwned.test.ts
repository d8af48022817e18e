import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFakeMongoStore } from '../../../testing/mongo/fakeStore';
import {
  aDelivery,
  aDeliveryAttempt,
  aFeedState,
  anApiKey,
  aSite,
  aSubscription,
  aSubscriptionState,
  aTenant,
  hoursAfterT0,
} from '../../../testing/store/builders';
import type { DeliveryStatus } from '../../../domain';
import type { Store } from '../../port';
import { openSqliteStore } from '../../sqlite';

/**
 * Differential, the rest of the port: random sequences of operations on tenants, keys, sites (routes share
 * the same code), subscriptions with their states and deliveries, attempts and feed states, applied to the
 * MongoDB adapter (on the mingo fake) and the SQLite adapter; every answer must be the same.
 */
const TENANTS = ['acme', 'other'];
const tenant = fc.constantFrom(...TENANTS);
const slot = fc.integer({ min: 0, max: 3 });
const at = fc.integer({ min: -48, max: 48 }).map(hoursAfterT0);

type Op =
  | { kind: 'tenant'; n: number }
  | { kind: 'key'; t: string; n: number }
  | { kind: 'revoke'; t: string; n: number; at: string }
  | { kind: 'site'; t: string; n: number; name: string }
  | { kind: 'replaceSite'; t: string; n: number; name: string }
  | { kind: 'deleteSite'; t: string; n: number }
  | { kind: 'sub'; t: string; n: number; active: boolean }
  | { kind: 'updateSub'; t: string; n: number; active: boolean }
  | { kind: 'deleteSub'; t: string; n: number }
  | { kind: 'state'; t: string; n: number; subject: number; expected: number; deliveries: number; due: string }
  | { kind: 'clearStates'; t: string; subject: number }
  | { kind: 'delivery'; t: string; n: number; status: string; due: string | null }
  | { kind: 'attempt'; t: string; n: number; attempt: number; code: number | null }
  | { kind: 'feed'; n: number; items: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('tenant' as const), n: slot }),
  fc.record({ kind: fc.constant('key' as const), t: tenant, n: slot }),
  fc.record({ kind: fc.constant('revoke' as const), t: tenant, n: slot, at }),
  fc.record({ kind: fc.constant('site' as const), t: tenant, n: slot, name: fc.string({ minLength: 1, maxLength: 5 }) }),
  fc.record({ kind: fc.constant('replaceSite' as const), t: tenant, n: slot, name: fc.string({ minLength: 1, maxLength: 5 }) }),
  fc.record({ kind: fc.constant('deleteSite' as const), t: tenant, n: slot }),
  fc.record({ kind: fc.constant('sub' as const), t: tenant, n: slot, active: fc.boolean() }),
  fc.record({ kind: fc.constant('updateSub' as const), t: tenant, n: slot, active: fc.boolean() }),
  fc.record({ kind: fc.constant('deleteSub' as const), t: tenant, n: slot }),
  fc.record({
    kind: fc.constant('state' as const),
    t: tenant,
    n: slot,
    subject: slot,
    expected: fc.integer({ min: 0, max: 2 }),
    deliveries: fc.integer({ min: 0, max: 2 }),
    due: at,
  }),
  fc.record({ kind: fc.constant('clearStates' as const), t: tenant, subject: slot }),
  fc.record({
    kind: fc.constant('delivery' as const),
    t: tenant,
    n: fc.integer({ min: 0, max: 6 }),
    status: fc.constantFrom<DeliveryStatus>('pending', 'delivered', 'failed'),
    due: fc.option(at),
  }),
  fc.record({
    kind: fc.constant('attempt' as const),
    t: tenant,
    n: fc.integer({ min: 0, max: 6 }),
    attempt: fc.integer({ min: 1, max: 3 }),
    code: fc.option(fc.constantFrom(200, 500)),
  }),
  fc.record({ kind: fc.constant('feed' as const), n: slot, items: fc.nat(50) }),
);

// Ids are fixed per slot, so that both stores get the same ones and operations meet earlier ones.
const siteId = (t: string, n: number) => `site_${t}_${n}`;
const subId = (t: string, n: number) => `sub_${t}_${n}`;
const msgId = (t: string, n: number) => `msg_${t}_${n}`;
const keyId = (t: string, n: number) => `key_${t}_${n}`;

async function apply(store: Store, o: Op): Promise<unknown> {
  const settle = async (p: Promise<unknown>) =>
    p.then(
      (v) => v ?? 'ok',
      () => 'refused',
    );
  switch (o.kind) {
    case 'tenant':
      return store.tenants.ensure(aTenant({ id: `t${o.n}`, name: `Tenant ${o.n}` }));
    case 'key':
      return settle(
        store.apiKeys.create(
          anApiKey({ id: keyId(o.t, o.n), tenantId: o.t, prefix: `mr_${o.t}${o.n}`, hash: `${o.t}${o.n}`.padStart(64, '0') }),
        ),
      );
    case 'revoke':
      return store.apiKeys.revoke(o.t, keyId(o.t, o.n), o.at);
    case 'site':
      return settle(store.sites.create(aSite({ id: siteId(o.t, o.n), tenantId: o.t, name: o.name })));
    case 'replaceSite':
      return store.sites.replace(aSite({ id: siteId(o.t, o.n), tenantId: o.t, name: o.name, updatedAt: hoursAfterT0(1) }));
    case 'deleteSite':
      return store.sites.delete(o.t, siteId(o.t, o.n));
    case 'sub':
      return settle(
        store.subscriptions.create(
          aSubscription({ id: subId(o.t, o.n), tenantId: o.t, status: o.active ? 'active' : 'disabled' }),
        ),
      );
    case 'updateSub':
      return store.subscriptions.update(
        aSubscription({ id: subId(o.t, o.n), tenantId: o.t, status: o.active ? 'active' : 'disabled', threshold: 70 }),
      );
    case 'deleteSub':
      return store.subscriptions.delete(o.t, subId(o.t, o.n));
    case 'state': {
      const state = aSubscriptionState({
        tenantId: o.t,
        subscriptionId: subId(o.t, o.n),
        subjectId: siteId(o.t, o.subject),
        sequence: o.expected + 1,
      });
      const deliveries = Array.from({ length: o.deliveries }, (_, i) =>
        aDelivery({
          id: `msg_${o.t}_${o.n}_${o.subject}_${o.expected}_${i}`,
          tenantId: o.t,
          subscriptionId: subId(o.t, o.n),
          nextAttemptAt: o.due,
        }),
      );
      if (!(await store.subscriptions.get(o.t, state.subscriptionId))) return 'no subscription';
      return store.subscriptions.saveStateWithDeliveries(state, o.expected, deliveries);
    }
    case 'clearStates':
      return store.subscriptions.deleteStatesForSubject(o.t, 'site', siteId(o.t, o.subject));
    case 'delivery': {
      const d = aDelivery({
        id: msgId(o.t, o.n),
        tenantId: o.t,
        subscriptionId: subId(o.t, 0),
        status: o.status as 'pending',
        nextAttemptAt: o.due,
      });
      // Likewise a delivery of an unknown subscription.
      if (!(await store.subscriptions.get(o.t, d.subscriptionId))) return 'no subscription';
      const exists = await store.deliveries.get(o.t, d.id);
      return exists ? store.deliveries.update({ ...d, attempts: exists.attempts + 1 }) : store.deliveries.create(d);
    }
    case 'attempt':
      // SQLite refuses an attempt of an unknown delivery (a foreign key); MongoDB has no foreign keys.
      if (!(await store.deliveries.get(o.t, msgId(o.t, o.n)))) return 'no delivery';
      return store.deliveries.recordAttempt(
        aDeliveryAttempt({ tenantId: o.t, deliveryId: msgId(o.t, o.n), attempt: o.attempt, statusCode: o.code }),
      );
    case 'feed':
      return store.feeds.put(aFeedState({ feedId: `feed-${o.n}`, items: o.items }));
  }
}

/** Everything a caller can read back. */
async function observe(store: Store) {
  const pages = async <T>(list: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>) => {
    const all: T[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(cursor);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };
  const perTenant = await Promise.all(
    TENANTS.map(async (t) => ({
      keys: await store.apiKeys.list(t),
      sites: await pages((cursor) => store.sites.list(t, { limit: 2, cursor })),
      subs: await pages((cursor) => store.subscriptions.list(t, { limit: 2, cursor })),
      active: await store.subscriptions.listActive(t),
      deliveries: await Promise.all(
        [0, 1, 2, 3].map((n) => pages((cursor) => store.deliveries.listForSubscription(t, subId(t, n), { limit: 2, cursor }))),
      ),
      attempts: await Promise.all([0, 1, 2, 3, 4, 5, 6].map((n) => store.deliveries.attempts(t, msgId(t, n)))),
      states: await Promise.all(
        [0, 1, 2, 3].flatMap((n) => [0, 1, 2, 3].map((s) => store.subscriptions.getState(t, subId(t, n), 'site', siteId(t, s)))),
      ),
      byPrefix: await Promise.all([0, 1, 2, 3].map((n) => store.apiKeys.findByPrefix(`mr_${t}${n}`))),
    })),
  );
  return {
    perTenant,
    tenants: await store.tenants.list(),
    keyCount: await store.apiKeys.count(),
    allSites: await store.sites.listAll(),
    pending: await store.deliveries.listPending(hoursAfterT0(0), 100),
    feeds: await store.feeds.list(),
  };
}

describe('MongoDB adapter = SQLite adapter, the rest of the port (mingo differential)', () => {
  it('tenants, keys, sites, subscriptions and states, deliveries and attempts, feed states', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-diff-'));
        const sqlite = openSqliteStore({ file: path.join(dir, 'diff.sqlite') });
        const { store: mongo } = await openFakeMongoStore();
        try {
          for (const o of ops) expect(await apply(mongo, o)).toEqual(await apply(sqlite, o));
          expect(await observe(mongo)).toEqual(await observe(sqlite));
        } finally {
          await sqlite.close();
          await mongo.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
