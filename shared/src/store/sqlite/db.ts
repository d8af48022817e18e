import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/** How long a writer waits for another process's lock (the API and scoring workers share one file). */
export const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating the directory and file) and brings the schema up to date. */
export function openDatabase(file: string, migrations: Migration[] = MIGRATIONS): Db {
  const inMemory = file === ':memory:';
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: readers never block the writer, and several processes can share the file.
    if (!inMemory) db.pragma('journal_mode = WAL');
    // FULL (SQLite's default, stated here on purpose): an event answered 202 survives a power cut too.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // 32 MB of page cache per connection (the default is 2 MB): the event indexes stay in memory.
    db.pragma('cache_size = -32000');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Applies pending migrations in one IMMEDIATE transaction, so two processes opening at once cannot both apply one. */
export function migrate(db: Db, migrations: Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    const done = new Set(applied.all().map((r) => r.version));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
  }).immediate();
}
