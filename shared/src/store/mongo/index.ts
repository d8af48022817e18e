import mongoose, { type Connection } from 'mongoose';
import type { Store } from '../port';
import { mongoDeliveries } from './deliveries';
import { mongoDeployment } from './deployment';
import { mongoEvents } from './events';
import { mongoFeeds } from './feeds';
import { checkIndexes } from './indexes';
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

/** Connects to the server the options name, on its own connection (never mongoose's global one). */
export async function connectMongo(opts: MongoStoreOptions): Promise<Connection> {
  const conn = mongoose.createConnection(opts.uri, {
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 10_000,
    ...(opts.dbName ? { dbName: opts.dbName } : {}),
    // Indexes and collections are the deploy step's (`npm run db:migrate`, indexes.ts), never a service's.
    autoIndex: false,
    autoCreate: false,
  });
  try {
    return await conn.asPromise();
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
}

/**
 * The production store (docs/architecture.md Storage). Refuses to start when the database's indexes are
 * not the schemas' (run `npm run db:migrate`): events.accept relies on the unique identity index, and every
 * query on its index (docs/scaling.md).
 */
export async function openMongoStore(opts: MongoStoreOptions): Promise<Store> {
  const conn = await connectMongo(opts);
  try {
    return await mongoStoreOn(conn);
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
}

/** Whether the deployment runs multi-document transactions: a replica set member or a mongos. */
export async function supportsTransactions(conn: Connection): Promise<boolean> {
  if (!conn.db) throw new Error('MongoDB connection is not open');
  const hello = (await conn.db.command({ hello: 1 })) as { setName?: string; msg?: string };
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}

/** The models of every collection, compiled on the connection (the store's and the migration's). */
export function compileModels(conn: Connection, transactions = false) {
  const webhooks = webhookModels(conn);
  return {
    deployment: mongoDeployment(conn),
    tenants: mongoTenants(conn),
    apiKeys: mongoApiKeys(conn),
    sites: mongoSites(conn),
    routes: mongoRoutes(conn),
    events: mongoEvents(conn),
    scores: mongoScores(conn, transactions),
    supply: mongoSupply(conn, (tenantId) =>
      conn.model('ScoreStamp').updateOne({ _id: { $eq: tenantId } }, { $inc: { n: 1 } }, { upsert: true }),
    ),
    subscriptions: mongoSubscriptions(webhooks),
    deliveries: mongoDeliveries(webhooks),
    feeds: mongoFeeds(conn),
  };
}

/** The store over an open connection (a server's, or the test fake's at the driver boundary). */
export async function mongoStoreOn(conn: Connection): Promise<Store> {
  const repos = compileModels(conn, await supportsTransactions(conn));
  await checkIndexes(conn);
  return {
    kind: 'mongo',
    ...repos,
    async ping() {
      if (!conn.db) throw new Error('MongoDB connection is not open');
      await conn.db.command({ ping: 1 });
    },
    async close() {
      await conn.close();
    },
  };
}
