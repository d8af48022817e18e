import mongoose from 'mongoose';
import type { Store } from '../port';
import { mongoDeliveries } from './deliveries';
import { mongoEvents } from './events';
import { mongoFeeds } from './feeds';
import { mongoScores } from './scores';
import { mongoSubscriptions } from './subscriptions';
import { mongoSupply } from './supply';
import { mongoRoutes, mongoSites } from './subjects';
import { mongoApiKeys, mongoTenants } from './tenancy';
import { webhookModels } from './webhookModels';

export interface MongoStoreOptions {
  /** A mongodb:// or mongodb+srv:// connection string. */
  uri: string;
  /** Database name; default: the one in the URI (or `test`, the driver's default). */
  dbName?: string;
  /** How long to wait for a server before failing. Default 10000 ms. */
  serverSelectionTimeoutMS?: number;
}

/**
 * The production store (docs/architecture.md Storage) on its own connection, never mongoose's global one. Indexes are
 * built before the store is returned: events.accept relies on the unique identity index.
 */
export async function openMongoStore(opts: MongoStoreOptions): Promise<Store> {
  const conn = mongoose.createConnection(opts.uri, {
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 10_000,
    ...(opts.dbName ? { dbName: opts.dbName } : {}),
    // Indexes are built once below and awaited, not in the background on first use.
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await conn.asPromise();
    const webhooks = webhookModels(conn);
    const scores = mongoScores(conn);
    const store: Store = {
      kind: 'mongo',
      tenants: mongoTenants(conn),
      apiKeys: mongoApiKeys(conn),
      sites: mongoSites(conn),
      routes: mongoRoutes(conn),
      events: mongoEvents(conn),
      scores,
      supply: mongoSupply(conn, (tenantId) =>
        conn.model('ScoreStamp').updateOne({ _id: { $eq: tenantId } }, { $inc: { n: 1 } }, { upsert: true }),
      ),
      subscriptions: mongoSubscriptions(webhooks),
      deliveries: mongoDeliveries(webhooks),
      feeds: mongoFeeds(conn),
      async ping() {
        if (!conn.db) throw new Error('MongoDB connection is not open');
        await conn.db.command({ ping: 1 });
      },
      async close() {
        await conn.close();
      },
    };
    for (const model of Object.values(conn.models)) await model.createIndexes();
    return store;
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
}
