import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from './db';
import { openSqliteStore } from './index';
import { MIGRATIONS } from './migrations';

/** The released migrations' last version: the tests add theirs after it. */
const LAST = Math.max(...MIGRATIONS.map((m) => m.version));

describe('SQLite open and migrations', () => {
  // Test migrations come after the real ones.
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-db-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the directory, sets WAL, busy timeout and foreign keys, and records each migration once', () => {
    const file = path.join(dir, 'a', 'b', 'store.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT version FROM schema_migrations').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    again.close();
  });

  it('applies only the pending migrations, in version order', () => {
    const db = openDatabase(':memory:');
    migrate(db, [
      ...MIGRATIONS,
      { version: LAST + 2, name: 'third', sql: 'ALTER TABLE t2 ADD COLUMN b TEXT' },
      { version: LAST + 1, name: 'second', sql: 'CREATE TABLE t2 (a TEXT)' },
    ]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      [...MIGRATIONS.map((m) => m.version), LAST + 1, LAST + 2].map((version) => ({ version })),
    );
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').all('t2')).toEqual([{ name: 'a' }, { name: 'b' }]);
    db.close();
  });

  it('rolls back every migration of a run when one fails', () => {
    const db = openDatabase(':memory:');
    const failing = [
      ...MIGRATIONS,
      { version: LAST + 1, name: 'ok', sql: 'CREATE TABLE t2 (a TEXT)' },
      { version: LAST + 2, name: 'broken', sql: 'CREATE TABLE nope (' },
    ];
    expect(() => migrate(db, failing)).toThrow();
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: LAST });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 't2'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps the deployment identity of a store file across opens', async () => {
    const file = path.join(dir, 'store.sqlite');
    const first = openSqliteStore({ file });
    const identity = await first.deployment.identity();
    await first.close();
    const again = openSqliteStore({ file });
    expect(await again.deployment.identity()).toBe(identity);
    await again.close();
    const other = openSqliteStore({ file: path.join(dir, 'other.sqlite') });
    expect(await other.deployment.identity()).not.toBe(identity);
    await other.close();
  });
});
