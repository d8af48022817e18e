import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../port';
import { aScore, anEvent, unprocessedEventCount } from '../../testing/store/builders';
import { openSqliteStore } from '.';

/** Several processes (the API and scoring workers) open one file: each handle sees the others' commits. */
describe('SQLite store shared by several handles', () => {
  let dir: string;
  let api: Store;
  let worker: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-shared-'));
    const file = path.join(dir, 'minerisk.sqlite');
    api = openSqliteStore({ file });
    worker = openSqliteStore({ file });
  });
  afterEach(async () => {
    await api.close();
    await worker.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shares accepted events and identity checks', async () => {
    const e = anEvent();
    await api.events.accept([e]);
    expect((await worker.events.getById(e.id))?.id).toBe(e.id);
    expect(await worker.events.accept([{ ...e, id: 'evt_other' }])).toEqual([{ outcome: 'duplicate', id: e.id }]);
  });

  it('holds the score compare-and-set across handles', async () => {
    const subject = { tenantId: 'acme', type: 'site' as const, id: 'site_1' };
    const [seq] = await api.scores.bumpSeq([subject]);
    const [newer] = await worker.scores.bumpSeq([subject]);
    expect(
      await worker.scores.putIfNewer(aScore({ tenantId: 'acme', subjectId: 'site_1', score: 70, basedOnSeq: newer! })),
    ).toMatchObject({ written: true });
    expect(await api.scores.putIfNewer(aScore({ tenantId: 'acme', subjectId: 'site_1', score: 10, basedOnSeq: seq! }))).toEqual({
      written: false,
      previous: 70,
    });
    expect(await api.scores.listStale(10)).toEqual([]);
  });

  it('closes idempotently', async () => {
    await api.close();
    await expect(api.close()).resolves.toBeUndefined();
  });

  it('also opens in memory, for throwaway use', async () => {
    const memory = openSqliteStore({ file: ':memory:' });
    await memory.events.accept([anEvent()]);
    expect(await unprocessedEventCount(memory)).toBe(1);
    await memory.close();
  });
});
