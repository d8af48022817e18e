import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../port';
import { openSqliteStore } from '../sqlite';
import type { StoreFactory } from './describeStoreContract';

/** A fresh SQLite file per test, in its own temporary directory (removed with its WAL files). */
export function sqliteFactory(): StoreFactory {
  const dirs = new Map<Store, string>();
  return {
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-store-'));
      const store = openSqliteStore({ file: path.join(dir, 'test.sqlite') });
      dirs.set(store, dir);
      return store;
    },
    async dispose(store) {
      await store.close();
      const dir = dirs.get(store);
      dirs.delete(store);
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
