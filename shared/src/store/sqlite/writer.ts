import { setTimeout as sleep } from 'node:timers/promises';
import { BUSY_TIMEOUT_MS, type Db } from './db';

/**
 * Write transactions that wait for the write lock without blocking their thread. SQLite's own busy handler
 * (busy_timeout) sleeps inside the call: in `npm start` the API thread, inserting a feed's events while the
 * scoring thread commits a round, stopped answering for as long as that commit took (up to 440 ms measured
 * at 50,000 sites). Here a writer asks for the lock without waiting and, while another connection holds it,
 * tries again after a timer, so its event loop keeps serving meanwhile; after BUSY_TIMEOUT_MS it gives up
 * with SQLite's own SQLITE_BUSY error, as busy_timeout did.
 */
export function writer<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => Promise<R> {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');

  /** Begins, or returns SQLite's SQLITE_BUSY error while another connection holds the lock. */
  const tryBegin = (): Error | null => {
    // Not prepared once: SQLite applies this pragma when the statement is compiled, not when it runs.
    db.pragma('busy_timeout = 0');
    try {
      begin.run();
      return null;
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_BUSY') return err as Error;
      throw err;
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  };

  return async (...args: A): Promise<R> => {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (let pause = 1, busy = tryBegin(); busy !== null; busy = tryBegin(), pause = Math.min(pause * 2, 16)) {
      if (Date.now() >= deadline) throw busy;
      await sleep(pause);
    }
    // fn runs inside the transaction begun here: a throw rolls back everything it wrote.
    try {
      const result = fn(...args);
      commit.run();
      return result;
    } catch (err) {
      if (db.inTransaction) rollback.run();
      throw err;
    }
  };
}
