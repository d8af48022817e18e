import type { Store } from '../port';
import { sqliteApiKeys } from './apiKeys';
import { openDatabase } from './db';
import { sqliteDeployment } from './deployment';
import { sqliteDeliveries } from './deliveries';
import { sqliteEvents } from './events';
import { sqliteFeeds } from './feeds';
import { sqliteRoutes } from './routes';
import { sqliteScores } from './scores';
import { sqliteSites } from './sites';
import { sqliteSubscriptions } from './subscriptions';
import { sqliteSupply } from './supply';
import { sqliteTenants } from './tenants';

export interface SqliteStoreOptions {
  /** Path of the database file (its directory is created), or `':memory:'`. */
  file: string;
}

/** The embedded store (docs/architecture.md Storage): better-sqlite3's synchronous calls behind the async port. */
export function openSqliteStore(opts: SqliteStoreOptions): Store {
  const db = openDatabase(opts.file);
  const ping = db.prepare('SELECT 1');
  return {
    kind: 'sqlite',
    deployment: sqliteDeployment(db),
    tenants: sqliteTenants(db),
    apiKeys: sqliteApiKeys(db),
    sites: sqliteSites(db),
    routes: sqliteRoutes(db),
    events: sqliteEvents(db),
    scores: sqliteScores(db),
    supply: sqliteSupply(db),
    subscriptions: sqliteSubscriptions(db),
    deliveries: sqliteDeliveries(db),
    feeds: sqliteFeeds(db),
    async ping() {
      ping.get();
    },
    async close() {
      if (!db.open) return;
      // Lets SQLite refresh the planner statistics it needs (sqlite.org/lang_analyze.html#pragopt).
      db.pragma('optimize');
      db.close();
    },
  };
}
