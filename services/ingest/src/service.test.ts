import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import { Registry } from 'prom-client';
import { fixture } from '@minerisk/shared/testing/feeds/fixtures';
import { createLogger } from '@minerisk/shared/runtime/logger';
import { openSqliteStore } from '@minerisk/shared/store/sqlite/index';
import type { Store } from '@minerisk/shared/store/port';
import { startIngest } from './service';
import { startFeedServer, type FeedServer } from './testing/feedServer';

let server: FeedServer;
let store: Store;
let dir: string;

beforeEach(async () => {
  server = await startFeedServer();
  store = openSqliteStore({ file: ':memory:' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-feeds-'));
});
afterEach(async () => {
  await server.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function feedsFile(): string {
  const file = path.join(dir, 'feeds.yaml');
  fs.writeFileSync(
    file,
    `feeds:
  - { id: gdacs-local, format: gdacs, url: "${server.url('/gdacs')}", schedule: "0 0 1 1 *" }
  - { id: off, format: usgs, url: "${server.url('/off')}", schedule: "* * * * *", enabled: false }
`,
  );
  return file;
}

const feedTasks = () => [...cron.getTasks().values()].filter((t) => t.name?.startsWith('feed'));

describe('startIngest', () => {
  it('schedules each enabled feed, polls it once at start, and stops cleanly', async () => {
    server.route('/gdacs', { kind: 'document', body: fixture('gdacs/gdacs-rss-7d-2019-12-30-trimmed.xml'), etag: '"g1"' });
    const queued: string[] = [];
    const firstRequest = server.nextRequest();
    const running = await startIngest({
      config: { FEEDS_CONFIG: feedsFile(), FEEDS_POLL: true },
      store,
      enqueueEvents: async (ids) => void queued.push(...ids),
      logger: createLogger('silent', 'ingest-test'),
      registry: new Registry(),
    });
    expect(
      feedTasks()
        .map((t) => t.name)
        .sort(),
    ).toEqual(['feed:gdacs-local', 'feeds:stale-check']);

    await firstRequest;
    await running.poller.idle();
    expect(queued).toHaveLength(6);
    expect(await store.feeds.get('gdacs-local')).toMatchObject({ etag: '"g1"', items: 6, acceptedTotal: 6 });
    expect(server.seen.map((r) => r.path)).toEqual(['/gdacs']);

    await running.stop();
    expect(feedTasks()).toEqual([]);
  });

  it('loads the feeds but schedules nothing with FEEDS_POLL=false', async () => {
    const running = await startIngest({
      config: { FEEDS_CONFIG: feedsFile(), FEEDS_POLL: false },
      store,
      enqueueEvents: async () => undefined,
      logger: createLogger('silent', 'ingest-test'),
      registry: new Registry(),
    });
    expect(running.feeds.map((f) => f.id)).toEqual(['gdacs-local', 'off']);
    expect(feedTasks()).toEqual([]);
    await running.stop();
    expect(server.seen).toEqual([]);
  });
});
