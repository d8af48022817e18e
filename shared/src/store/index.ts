import path from 'node:path';
import type { Config } from '../runtime/config';
import { openMongoStore } from './mongo';
import type { Store } from './port';
import { openSqliteStore } from './sqlite';

/** The embedded store's file under DATA_DIR (docs/api.md: "where the embedded store lives"). */
export const SQLITE_FILE_NAME = 'minerisk.sqlite';

/** The store the configuration names: MongoDB with STORE=mongo, else SQLite at `${DATA_DIR}/minerisk.sqlite`. */
export async function openStore(config: Pick<Config, 'STORE' | 'MONGODB_URI' | 'DATA_DIR'>): Promise<Store> {
  if (config.STORE === 'mongo') {
    // config.ts refuses STORE=mongo without MONGODB_URI; this guards callers that build a Config by hand.
    if (!config.MONGODB_URI) throw new Error('STORE=mongo needs MONGODB_URI');
    return openMongoStore({ uri: config.MONGODB_URI });
  }
  return openSqliteStore({ file: path.join(config.DATA_DIR, SQLITE_FILE_NAME) });
}

export type { Store } from './port';
