import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from './db';
import { MIGRATIONS } from './migrations';

describe('SQLite open and migrations', () => {
  // Test migrations come after the real ones.
  const last = MIGRATIONS.length;
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
      { version: last + 2, name: 'third', sql: 'ALTER TABLE t2 ADD COLUMN b TEXT' },
      { version: last + 1, name: 'second', sql: 'CREATE TABLE t2 (a TEXT)' },
    ]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      Array.from({ length: last + 2 }, (_, i) => ({ version: i + 1 })),
    );
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').all('t2')).toEqual([{ name: 'a' }, { name: 'b' }]);
    db.close();
  });

  it('rolls back every migration of a run when one fails', () => {
    const db = openDatabase(':memory:');
    const failing = [
      ...MIGRATIONS,
      { version: last + 1, name: 'ok', sql: 'CREATE TABLE t2 (a TEXT)' },
      { version: last + 2, name: 'broken', sql: 'CREATE TABLE nope (' },
    ];
    expect(() => migrate(db, failing)).toThrow();
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: last });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 't2'").get()).toEqual({ n: 0 });
    db.close();
  });
});
