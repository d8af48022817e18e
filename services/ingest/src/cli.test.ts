import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '@minerisk/shared/runtime/config';
import { FEED_FIXTURES_DIR } from '@minerisk/shared/testing/feeds/fixtures';
import { QUEUES, deploymentQueuePrefix } from '@minerisk/shared/contracts/queues';
import { SQLITE_FILE_NAME } from '@minerisk/shared/store/index';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import { startTestRedis, type TestRedis } from '../../../tests/helpers/redisServer';
import { openTarget, runIngestCli, type CliIo } from './cli';

const USGS_FILE = path.join(FEED_FIXTURES_DIR, 'usgs/significant_month-2023-10-11.geojson');

/** The CLI's I/O captured, with an in-memory store and a recording queue unless `open` is given. */
function anIo(open?: CliIo['open']) {
  const out: string[] = [];
  const err: string[] = [];
  const queued: string[] = [];
  const store = openSqliteStore({ file: ':memory:' });
  let opened = 0;
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    open:
      open ??
      (async () => {
        opened++;
        return { store, enqueueEvents: async (ids) => void queued.push(...ids), close: async () => undefined };
      }),
  };
  return { io, out: () => out.join(''), err: () => err.join(''), queued, store, opened: () => opened };
}

describe('npm run ingest (backfill CLI)', () => {
  it('parses, stores and queues a document, and prints the report as JSON', async () => {
    const t = anIo();
    expect(await runIngestCli(['--format', 'usgs', '--file', USGS_FILE, '--tenant', 'acme'], t.io)).toBe(0);
    const report = JSON.parse(t.out()) as { accepted: number; duplicates: number; eventIds: string[]; tenant: string };
    expect(report).toMatchObject({ format: 'usgs', tenant: 'acme', accepted: 18, duplicates: 0, ignored: 0, rejected: [] });
    expect(t.queued).toEqual(report.eventIds);
    expect((await t.store.events.getMany(report.eventIds)).every((e) => e.tenantId === 'acme')).toBe(true);
    await t.store.close();
  });

  it('exits 1 with the reason when the document is refused, without opening the store', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-cli-'));
    const file = path.join(dir, 'alert.xml');
    fs.writeFileSync(file, '<alert>\n<identifier>x</sender></alert>');
    const t = anIo();
    expect(await runIngestCli(['--format', 'cap', '--file', file], t.io)).toBe(1);
    expect(t.err()).toMatch(/unparseable: malformed XML: .*\(at line 2, column \d+\)/);
    expect(await runIngestCli(['--format', 'cap', '--file', USGS_FILE], t.io)).toBe(1);
    expect(t.err()).toMatch(/unparseable|wrong format/);
    expect(t.opened()).toBe(0);
    fs.rmSync(dir, { recursive: true });
    await t.store.close();
  });

  it('exits 2 on usage errors, and parses only with --dry-run', async () => {
    const t = anIo();
    expect(await runIngestCli(['--format', 'rss', '--file', USGS_FILE], t.io)).toBe(2);
    expect(await runIngestCli(['--file', USGS_FILE], t.io)).toBe(2);
    expect(await runIngestCli(['--format', 'usgs', '--file', '/nonexistent/file'], t.io)).toBe(2);
    expect(await runIngestCli(['--format', 'usgs', '--file', USGS_FILE, '--bogus'], t.io)).toBe(2);
    expect(t.err()).toContain('npm run ingest -- --format');
    expect(await runIngestCli(['--format', 'usgs', '--file', USGS_FILE, '--dry-run'], t.io)).toBe(0);
    expect(JSON.parse(t.out())).toMatchObject({ dryRun: true, events: 18, ignored: 0, rejected: [] });
    expect(t.opened()).toBe(0);
    await t.store.close();
  });

  describe('against a real store file and Redis', () => {
    let redis: TestRedis;
    let dataDir: string;
    beforeAll(async () => {
      redis = await startTestRedis();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-cli-data-'));
    });
    afterAll(async () => {
      await redis.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(redis.dir, { recursive: true, force: true });
    });

    it('queues each new event on the events queue under its own id, and nothing on a re-run', async () => {
      const prefix = `cli${Date.now().toString(36)}`;
      const config = loadConfig({ REDIS_URL: redis.url, DATA_DIR: dataDir, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' });
      const run = async () => {
        const t = anIo(() => openTarget(config));
        expect(await runIngestCli(['--format', 'usgs', '--file', USGS_FILE], t.io)).toBe(0);
        await t.store.close();
        return JSON.parse(t.out()) as { accepted: number; duplicates: number; eventIds: string[]; queued: boolean };
      };
      const first = await run();
      expect(first).toMatchObject({ accepted: 18, queued: true });
      const second = await run();
      expect(second).toMatchObject({ accepted: 0, duplicates: 18, eventIds: [] });

      // The deployment's queues: QUEUE_PREFIX and the identity stored in that store file.
      const stored = openSqliteStore({ file: path.join(config.DATA_DIR, SQLITE_FILE_NAME) });
      const deploymentPrefix = deploymentQueuePrefix(prefix, await stored.deployment.identity());
      await stored.close();
      const connection = new Redis(redis.url, { maxRetriesPerRequest: 3 });
      const events = new Queue(QUEUES.events, { connection, prefix: deploymentPrefix });
      try {
        expect(await events.getJobCounts('waiting')).toEqual({ waiting: 18 });
        const job = await events.getJob(first.eventIds[0]!);
        expect(job?.id).toBe(first.eventIds[0]);
        expect(job?.data).toEqual({ eventId: first.eventIds[0] });
      } finally {
        await events.close();
        connection.disconnect();
      }
    });
  });
});
