import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from './db';
import { writer } from './writer';

/** Two connections to one file, as the API and scoring threads of `npm start` hold them. */
describe('writer', () => {
  let dir: string;
  let api: Db;
  let scoring: Db;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-writer-'));
    const file = path.join(dir, 'w.sqlite');
    api = openDatabase(file, []);
    scoring = openDatabase(file, []);
    api.exec('CREATE TABLE t (v INTEGER NOT NULL)');
  });
  afterEach(() => {
    api.close();
    scoring.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("waits for another connection's write lock without blocking its event loop, then writes", async () => {
    const insert = api.prepare('INSERT INTO t (v) VALUES (?)');
    const write = writer(api, (v: number) => insert.run(v).changes);
    // The scoring thread's round holds the lock for 200 ms.
    scoring.exec('BEGIN IMMEDIATE');
    scoring.prepare('INSERT INTO t (v) VALUES (1)').run();
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        scoring.exec('COMMIT');
        resolve();
      }, 200),
    );
    const ticks: number[] = [];
    const ticker = setInterval(() => ticks.push(Date.now()), 10);
    const started = Date.now();
    const written = await write(2);
    clearInterval(ticker);
    await released;
    expect(written).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // The loop kept running while the write waited (SQLite's busy handler would have held it for 200 ms).
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    expect(api.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 1 }, { v: 2 }]);
    // Statements outside writers keep SQLite's busy timeout.
    expect(api.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('rolls back everything the body wrote when it throws, and the connection writes again', async () => {
    const insert = api.prepare('INSERT INTO t (v) VALUES (?)');
    const failing = writer(api, (v: number) => {
      insert.run(v);
      throw new Error('bad row');
    });
    await expect(failing(7)).rejects.toThrow('bad row');
    expect(api.inTransaction).toBe(false);
    expect(api.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    await writer(api, () => insert.run(8))();
    expect(api.prepare('SELECT v FROM t').all()).toEqual([{ v: 8 }]);
  });
});
